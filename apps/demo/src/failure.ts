// A failure the demo explains in one line (an unreachable server, a bad
// tracking URI, a round trip that changed the comparison): main prints the
// message on stderr and exits 1, with no stack trace.

export class DemoFailure extends Error {
  override readonly name = "DemoFailure";
}

/** One line of text for any thrown value: DimexpError messages can span lines. */
export const oneLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ").trim();
