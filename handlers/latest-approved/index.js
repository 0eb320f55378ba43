'use strict';
/*
 * The custom resource of ModelPackage.latestApproved() (cdk-sagemaker-hosting): the newest approved
 * version of a model package group. Plain Node.js for the Lambda runtime, whose AWS SDK for
 * JavaScript v3 is its only dependency. The answer (or why there is none) goes to CloudFormation's
 * response URL.
 */

/**
 * The newest approved version of a group: ListModelPackages sorts ascending by default, so the
 * order is asked for explicitly. A page can come back empty with a token when filters apply after
 * the limit, so pages are followed until one holds a version.
 *
 * @param {{ send: (command: object) => Promise<any> }} client a SageMaker client
 * @param {object} commands the SDK's command classes (`ListModelPackagesCommand`)
 * @param {string} group the group's name or ARN
 * @returns {Promise<{ ModelPackageArn: string, ModelPackageVersion: string }>}
 */
async function latestApproved(client, commands, group) {
  let token;
  do {
    const page = await client.send(new commands.ListModelPackagesCommand({
      ModelPackageGroupName: group,
      ModelApprovalStatus: 'Approved',
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: 1,
      NextToken: token,
    }));
    const [newest] = page.ModelPackageSummaryList || [];
    if (newest) {
      return { ModelPackageArn: newest.ModelPackageArn, ModelPackageVersion: String(newest.ModelPackageVersion) };
    }
    token = page.NextToken;
  } while (token);
  throw new Error(`Model package group ${group} has no approved version, so ModelPackage.latestApproved() has nothing `
    + 'to deploy: approve a version (UpdateModelPackage with ModelApprovalStatus=Approved, or in SageMaker Studio), '
    + 'or deploy a version by number with ModelPackage.fromVersion().');
}

/**
 * Send a custom resource's response: a PUT of JSON to the pre-signed URL CloudFormation gave.
 *
 * @param {object} event the request
 * @param {object} response Status, Reason, PhysicalResourceId, Data
 */
function respond(event, response) {
  const body = JSON.stringify({
    ...response,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  const url = new URL(event.ResponseURL);
  const transport = require(url.protocol === 'http:' ? 'http' : 'https');
  return new Promise((resolve, reject) => {
    const request = transport.request(url, {
      method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
    }, res => {
      res.resume();
      res.on('end', () => (res.statusCode >= 200 && res.statusCode < 300 ? resolve()
        : reject(new Error(`CloudFormation's response URL answered ${res.statusCode}`))));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Create and Update answer the newest approved version (the resource keeps its physical id, so
 * CloudFormation never deletes it on an update); Delete has nothing to delete.
 *
 * @param {{ RequestType: string, ResourceProperties: { ModelPackageGroupName: string }, PhysicalResourceId?: string }} event
 */
async function handler(event) {
  const group = event.ResourceProperties.ModelPackageGroupName;
  const physicalResourceId = event.PhysicalResourceId || `latest-approved:${group}`;
  try {
    let data;
    if (event.RequestType !== 'Delete') {
      const sdk = require('@aws-sdk/client-sagemaker');
      data = await latestApproved(new sdk.SageMakerClient({}), sdk, group);
      console.log(`${group}: newest approved version ${data.ModelPackageArn}`);
    }
    await respond(event, { Status: 'SUCCESS', PhysicalResourceId: physicalResourceId, Data: data });
  } catch (error) {
    console.error(error);
    await respond(event, { Status: 'FAILED', Reason: String(error.message || error).slice(0, 1024), PhysicalResourceId: physicalResourceId });
  }
}

module.exports = { handler, latestApproved };
