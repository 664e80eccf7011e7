import { PGlite } from '@electric-sql/pglite';
const db = new PGlite('/tmp/pgl-test2', { postgresqlconf: ["max_wal_size = '64MB'", "min_wal_size = '32MB'"] });
await db.waitReady;
console.log((await db.query("show max_wal_size")).rows, (await db.query("show min_wal_size")).rows);
await db.exec('create table t (a int, b text)');
for (let i=0;i<40;i++) await db.exec(`insert into t select g, repeat('x',200) from generate_series(1,20000) g; delete from t where a % 2 = 0;`);
console.log('before ckpt'); 
await db.exec('checkpoint');
await db.close();
