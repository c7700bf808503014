// Full arrays from logArray are run artifacts in core's array file format
// (Python dimtensor's DimArray JSON plus a "dimexp" member; see
// @dimexp/core's array-file.ts): dimexp/arrays/<key>/<sequence>-step-<step>.json.
// Where the artifacts go (the server's proxy or a local artifact root) is
// artifact-store.ts.

export { ARRAY_FILES_DIR as ARRAYS_DIR, ARRAY_FILE_FORMAT as ARRAY_FORMAT } from "@dimexp/core";
