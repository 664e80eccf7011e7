import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('csv', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
  });

  it('neutralises formulas behind white space, pipes, full-width signs and semicolons', () => {
    expect(csvCell(' =1+1')).toBe("' =1+1");
    expect(csvCell('\n=1+1')).toBe(`"'\n=1+1"`);
    expect(csvCell('\u00a0@SUM(A1)')).toBe("'\u00a0@SUM(A1)");
    expect(csvCell('|cmd')).toBe("'|cmd");
    expect(csvCell('\uff1d1+1')).toBe("'\uff1d1+1");
    expect(csvCell('\uff0b1')).toBe("'\uff0b1");
    // Opened in a semicolon locale, an unquoted x;=5+5 would be two cells, the second a formula.
    expect(csvCell('x;=5+5')).toBe('"x;=5+5"');
    // Ordinary text is left alone.
    expect(csvCell('H100 SXM 80GB')).toBe('H100 SXM 80GB');
    expect(csvCell('io.net: 4 totals')).toBe('io.net: 4 totals');
  });

  it('keeps numbers as numbers, negative ones included', () => {
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(564306)).toBe('564306');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('quotes separators, quotes and line breaks, and writes CRLF rows', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [null, 'line\nbreak']])).toBe('a,b\r\n"x,y","say ""hi"""\r\n,"line\nbreak"\r\n');
  });
});
