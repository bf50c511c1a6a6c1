/**
 * The value Pulumi uses on the wire for "not known until the resource is created" (a new invitation's
 * `userId` during preview, say). It is the SDK's `pulumi.runtime.unknownValue`, written out here so the pure
 * rooms and the self-contained policy pack share it without loading the Pulumi runtime; a test pins the two
 * as equal.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
