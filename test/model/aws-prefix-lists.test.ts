import { strict as assert } from "assert";
import { awsManagedPrefixList } from "../../model";

describe("AWS-managed prefix lists (S3, DynamoDB) by region and id", () => {
  it("reads an id in its own region only: the same text names other lists elsewhere", () => {
    assert.equal(awsManagedPrefixList("ap-south-1", "pl-78a54011"), "s3");
    assert.equal(awsManagedPrefixList("ap-northeast-2", "pl-78a54011"), "s3");
    assert.equal(awsManagedPrefixList("ap-northeast-1", "pl-78a54011"), "dynamodb");
    assert.equal(awsManagedPrefixList("eu-central-1", "pl-6ea54007"), "s3");
    assert.equal(awsManagedPrefixList("us-west-1", "pl-6ea54007"), "dynamodb");
    assert.equal(awsManagedPrefixList("eu-west-1", "pl-6fa54006"), "dynamodb");
    assert.equal(awsManagedPrefixList("ap-southeast-1", "pl-6fa54006"), "s3");
  });

  it("knows nothing of ids or regions without a source", () => {
    assert.equal(awsManagedPrefixList("eu-west-1", "pl-0123abcd"), undefined);
    assert.equal(awsManagedPrefixList("eu-south-2", "pl-64a5400d"), undefined);
    assert.equal(awsManagedPrefixList("il-central-1", "pl-63a5400a"), undefined);
  });
});
