// Nothing the API sends may carry a credential dimexp holds: the password in a
// tracking URI's user info, and the tokens the backends were given (MLflow's
// password and token variables, W&B's API key). Backends describe their
// location without one, but a driver's error message can quote a URL or a
// header. Redaction works on the response's structured values before they are
// serialized — never by substring over the JSON text, and never on the values
// of other environment variables: with DESKTOP_SESSION=ubuntu a run named
// ubuntu-gpu-baseline is data, and with OTP_KEY=234567 the number 0.1234567
// is too (numbers are never touched).

import { DEFAULT_BASE_URL, apiKeyFromNetrc } from "@dimexp/backend-wandb";

type Env = Readonly<Record<string, string | undefined>>;

/** Variables whose whole value is a credential a backend uses. */
const CREDENTIAL_VARIABLES = ["MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN", "WANDB_API_KEY"] as const;
/** Variables holding a URL whose user info may carry a password. */
const URL_VARIABLES = ["DIMEXP_TRACKING_URI", "MLFLOW_TRACKING_URI", "WANDB_BASE_URL"] as const;

/**
 * A credential shorter than this is not searched for inside other text (a
 * four-letter password would hide every word that contains it); it is still
 * removed wherever it sits in a URL's user info.
 */
export const MIN_REDACTED_LENGTH = 6;

const decodeURIComponentSafe = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** The password in a URL's user info (`https://me:pw@host`), as written and decoded. */
const userInfoPassword = (url: string | undefined): string[] => {
  const userInfo = url === undefined ? undefined : /:\/\/([^/@\s]+)@/.exec(url)?.[1];
  const password = userInfo?.split(":").slice(1).join(":");
  return password ? [password, decodeURIComponentSafe(password)] : [];
};

/**
 * The credentials dimexp holds in this environment (and in an explicitly
 * given tracking URI): the only values a redactor removes.
 */
export const heldCredentials = (env: Env, trackingUri?: string): string[] => {
  const found: string[] = [];
  for (const name of CREDENTIAL_VARIABLES) {
    const value = env[name]?.trim();
    if (value) found.push(value);
  }
  for (const name of URL_VARIABLES) found.push(...userInfoPassword(env[name]));
  found.push(...userInfoPassword(trackingUri));
  // `wandb login` keeps the key in ~/.netrc, where the W&B backend reads it when WANDB_API_KEY is unset
  if (!env.WANDB_API_KEY?.trim()) {
    const fromNetrc = apiKeyFromNetrc(env.WANDB_BASE_URL?.trim() || DEFAULT_BASE_URL, env);
    if (fromNetrc) found.push(fromNetrc);
  }
  return [...new Set(found)];
};

/** Removes credentials from a string; `value` does so for every string inside a JSON-able value. */
export interface Redactor {
  (text: string): string;
  /** A copy of `value` with every string (and object key) redacted; numbers, booleans and null untouched. */
  value<T>(value: T): T;
}

export interface RedactorOptions {
  /** the tracking URI the server was started with, when it was given explicitly (its password is held too) */
  readonly trackingUri?: string;
}

export const createRedactor = (env: Env, options: RedactorOptions = {}): Redactor => {
  const secrets = heldCredentials(env, options.trackingUri)
    .filter((secret) => secret.length >= MIN_REDACTED_LENGTH)
    // longest first, so a secret containing another is replaced whole
    .sort((a, b) => b.length - a.length);

  const text = (input: string): string => {
    // user:password@ in any URL (a driver's message may quote one); a bare user name (ssh://git@host) is no secret
    let out = input.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@:\s"'\\]*:[^/@\s"'\\]*@/gi, "$1***@");
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join("***");
    return out;
  };

  const walk = (input: unknown): unknown => {
    if (typeof input === "string") return text(input);
    if (input === null || typeof input !== "object") return input;
    if (ArrayBuffer.isView(input)) return input;
    const withJson = input as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === "function") return walk(withJson.toJSON());
    if (Array.isArray(input)) return input.map((item) => walk(item));
    // fromEntries defines own properties: a "__proto__" key stays a key
    return Object.fromEntries(Object.entries(input).map(([key, item]) => [text(key), walk(item)]));
  };

  const redactor = ((input: string) => text(input)) as Redactor;
  redactor.value = <T>(input: T): T => walk(input) as T;
  return redactor;
};
