// The one base class of every dimexp failure. A failure is an Error (real
// stack, `instanceof Error`, the original thrown value kept in `cause`) AND a
// tagged value: `_tag` discriminates the unions (UnitsError, CoreError, ...),
// so Either-returning code and Promise rejections carry the very same object.

/**
 * Base of every tagged dimexp error: `_tag` names the kind, `name` is the tag,
 * `cause` (when there is one) is the original value, never a string of it.
 */
export abstract class DimexpError<Tag extends string = string> extends Error {
  readonly _tag: Tag;

  /** `fields` become own properties; its `cause`, if any, becomes the Error's cause. */
  constructor(tag: Tag, message: string, fields: object = {}) {
    // ErrorOptions reads only `cause`: passing the fields installs it when present
    super(message, fields);
    this._tag = tag;
    // Some kinds have a public `name` field (UnknownUnit's unit name) that
    // shadows the tag as Error#name: format the stack first, headed by the tag.
    if ("name" in fields) void this.stack;
    Object.assign(this, fields);
  }

  /** @deprecated The error is itself the tagged value; kept so `err.error._tag` still works. */
  get error(): this {
    return this;
  }

  /** The plain-object shape this error had before it was an Error: `_tag`, its fields, `message`. */
  toJSON(): Record<string, unknown> {
    const { cause } = this;
    // a tagged cause is part of the public shape (ImportFailed); a driver's raw error is not
    return { ...(this as object), message: this.message, ...(cause instanceof DimexpError ? { cause } : {}) };
  }
}

/**
 * The base class of one tag: `class UnknownUnit extends TaggedError("UnknownUnit")<{ readonly name: string }> {}`;
 * instances take `(message, fields)`, where `fields.cause` (any kind may
 * have one) becomes the Error's cause. `name` is the tag, set on the prototype
 * so that it stays out of spreads and JSON.
 */
export const TaggedError = <Tag extends string>(tag: Tag) => {
  class Tagged extends DimexpError<Tag> {
    constructor(message: string, fields?: object) {
      super(tag, message, fields);
    }
  }
  Tagged.prototype.name = tag;
  return Tagged as unknown as new <Fields extends object = object>(
    message: string,
    fields: Fields & { readonly cause?: unknown },
  ) => DimexpError<Tag> & Readonly<Fields>;
};
