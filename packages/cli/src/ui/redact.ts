// Nothing the API sends may carry a credential. Backends already describe
// their location without one, but a driver's error message can quote a URL
// or a header; every string leaving the server passes through a redactor that
// strips `user:password@` from URLs and any secret-looking environment value.

const SECRET_NAME = /(TOKEN|KEY|SECRET|PASSWORD|PASSWD|AUTH|CREDENTIAL|SESSION|COOKIE)/i;

const decodeURIComponentSafe = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** Replaces credentials in `text`: URL user info, and the values of secret-looking variables in `env`. */
export type Redactor = (text: string) => string;

export const createRedactor = (env: Readonly<Record<string, string | undefined>>): Redactor => {
  const raw: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== "string") continue;
    if (SECRET_NAME.test(name) && value.length >= 6) raw.push(value);
    // a password inside a URL-valued variable (MLFLOW_TRACKING_URI=https://me:pw@host)
    const userInfo = /:\/\/([^/@\s]+)@/.exec(value)?.[1];
    const password = userInfo?.split(":").slice(1).join(":");
    if (password && password.length >= 4) raw.push(password, decodeURIComponentSafe(password));
  }
  const secrets = [...new Set(raw.flatMap((value) => [value, JSON.stringify(value).slice(1, -1)]))]
    // longest first, so a secret containing another is replaced whole
    .sort((a, b) => b.length - a.length);
  return (text) => {
    // never crosses a quote or backslash: it also runs on serialized JSON
    let out = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s"'\\]*@/gi, "$1***@");
    for (const secret of secrets) out = out.split(secret).join("***");
    return out;
  };
};

