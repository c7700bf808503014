// Printed commands must paste into a POSIX shell as they are, whatever the
// paths contain (spaces, quotes).

/** The text as one shell word: bare when it is safe, else single-quoted. */
export const shellQuote = (text: string): string => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);
