export declare const REPO_ROOT: string;
export declare const DIMTENSOR_DIR: string;
export declare const DIMTENSOR_VENV: string;
export declare const DIMTENSOR_PYTHON: string;
/** Builds (or reuses) tooling/python/dimtensor/.venv; returns its python, or throws with pip's output. */
export declare function ensureDimtensorVenv(): string;
