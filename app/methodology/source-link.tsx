/** A source id that jumps to its entry in the sources section. */
export function SourceLink({ id }: { id: string }) {
  return (
    <a href={`#${id}`}>
      <code>{id}</code>
    </a>
  );
}

export function SourceLinks({ ids }: { ids: readonly string[] }) {
  return (
    <>
      {ids.map((id, i) => (
        <span key={id}>
          {i > 0 ? ', ' : null}
          <SourceLink id={id} />
        </span>
      ))}
    </>
  );
}
