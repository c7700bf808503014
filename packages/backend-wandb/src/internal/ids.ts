// W&B's naming rules, as its SDK enforces them (wandb_settings.py): run ids
// are non-empty, have no surrounding whitespace and none of : ; , # ? / ' —
// generated ones are 8 characters of [a-z0-9]; project names are at most 128
// characters without / \ # ? % :; tags are 1–64 characters.

import { randomInt } from "node:crypto";

const RUN_ID_RESERVED = /[:;,#?/']/;
const PROJECT_RESERVED = /[/\\#?%:]/;
const ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

export const MAX_RUN_ID_LENGTH = 128;
export const MAX_PROJECT_NAME_LENGTH = 128;
export const MAX_TAG_LENGTH = 64;

/** Why `id` is not a valid W&B run id, or undefined when it is. */
export const runIdProblem = (id: string): string | undefined => {
  if (id.length === 0) return "it is empty";
  if (id.trim() === "") return "it is only whitespace";
  if (id.trim() !== id) return "it starts or ends with whitespace";
  if (id.length > MAX_RUN_ID_LENGTH) return `it is longer than ${MAX_RUN_ID_LENGTH} characters`;
  const bad = RUN_ID_RESERVED.exec(id)?.[0];
  if (bad !== undefined) return `it contains ${JSON.stringify(bad)} (W&B run ids cannot contain : ; , # ? / ')`;
  return undefined;
};

export const isValidRunId = (id: string): boolean => runIdProblem(id) === undefined;

/** A fresh run id as W&B's SDK makes them: 8 random characters of [a-z0-9]. */
export const generateRunId = (length = 8): string => {
  let id = "";
  for (let i = 0; i < length; i++) id += ID_CHARS[randomInt(ID_CHARS.length)];
  return id;
};

/** Why `name` is not a valid W&B project (or entity) name, or undefined when it is. */
export const projectNameProblem = (name: string): string | undefined => {
  if (name.length === 0) return "it is empty";
  if (name.length > MAX_PROJECT_NAME_LENGTH) return `it is longer than ${MAX_PROJECT_NAME_LENGTH} characters`;
  const bad = PROJECT_RESERVED.exec(name)?.[0];
  if (bad !== undefined) return `it contains ${JSON.stringify(bad)} (W&B project names cannot contain / \\ # ? % :)`;
  return undefined;
};
