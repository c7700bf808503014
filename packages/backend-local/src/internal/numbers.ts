// Params and tags are strings; a numeric comparison on one uses the number the
// string spells, exactly as core's reference (matchesRawFilter) reads it:
// JavaScript's Number(text) for a non-blank string. It must be exactly that —
// reading more (say "inf") would make `!=` stricter than the reference.

/** The number a stored string spells (NaN for "NaN"); undefined for a blank or non-numeric string. */
export const parseStoredNumber = (text: string): number | undefined => {
  const t = text.trim();
  if (t === "") return undefined;
  const n = Number(t);
  if (!Number.isNaN(n)) return n;
  return t === "NaN" ? Number.NaN : undefined;
};

/** The numeric shadow of a stored string: a number, or null (blank, not numeric, or NaN — SQL has no NaN). */
export const numericShadow = (text: string): number | null => {
  const n = parseStoredNumber(text);
  return n === undefined || Number.isNaN(n) ? null : n;
};
