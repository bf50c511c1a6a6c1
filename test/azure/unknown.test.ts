import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../../azure/unknown";

describe("azure/unknown: the unknown sentinel", () => {
  it("is the value the Pulumi runtime uses for unknowns", () => {
    assert.equal(UNKNOWN, pulumi.runtime.unknownValue);
  });
});
