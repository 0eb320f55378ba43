'use strict';
/*
 * The custom resource of a VPC model's security groups (cdk-sagemaker-hosting): when CloudFormation
 * deletes it (after the SageMaker resources that use the groups, before the groups), the network
 * interfaces SageMaker left in the groups are released so that the groups and their subnets can go.
 * Plain Node.js for the Lambda runtime, whose AWS SDK for JavaScript v3 is its only dependency.
 * Create and Update do nothing.
 */

/** How long to wait between two looks at the groups' interfaces. */
const POLL_MS = 15000;
/** What is kept of the function's remaining time to answer CloudFormation. */
const ANSWER_MS = 30000;

/**
 * Every network interface in any of the groups.
 *
 * @param {{ send: (command: object) => Promise<any> }} client an EC2 client
 * @param {object} commands the SDK's command classes (`DescribeNetworkInterfacesCommand`)
 * @param {string[]} groupIds the security group ids
 */
async function interfacesIn(client, commands, groupIds) {
  const found = [];
  let token;
  do {
    const page = await client.send(new commands.DescribeNetworkInterfacesCommand({
      Filters: [{ Name: 'group-id', Values: groupIds }],
      NextToken: token,
    }));
    found.push(...(page.NetworkInterfaces || []));
    token = page.NextToken;
  } while (token);
  return found;
}

/** An interface in words, for the log and the report. */
function describe(eni) {
  const attachment = eni.Attachment || {};
  const to = attachment.InstanceId ? `, attached to ${attachment.InstanceId}` : '';
  const owner = attachment.InstanceOwnerId ? ` of account ${attachment.InstanceOwnerId}` : '';
  const text = eni.Description ? `, "${eni.Description}"` : '';
  return `${eni.NetworkInterfaceId} (${eni.Status}${to}${owner}${text})`;
}

/** The error code of an SDK error. */
function codeOf(error) {
  return error && (error.name || error.Code || error.code);
}

/**
 * Release the network interfaces in the groups: delete those left detached ("available"), wait
 * for those still attached to be released by their service, until none is left or the deadline
 * passes. Deleting an interface another call deleted first is not an error.
 *
 * @param {{ send: (command: object) => Promise<any> }} client an EC2 client
 * @param {object} commands the SDK's command classes
 * @param {string[]} groupIds the security group ids
 * @param {{ deadline: number, pollMs?: number, now?: () => number, sleep?: (ms: number) => Promise<void>, log?: (line: string) => void }} options
 * @returns {Promise<{ deleted: string[], waitedMs: number }>}
 * @throws when interfaces are still attached at the deadline, naming each one
 */
async function releaseInterfaces(client, commands, groupIds, options) {
  const now = options.now || Date.now;
  const sleep = options.sleep || (ms => new Promise(resolve => setTimeout(resolve, ms)));
  const log = options.log || (line => console.log(line));
  const pollMs = options.pollMs === undefined ? POLL_MS : options.pollMs;
  const started = now();
  const deleted = [];
  for (;;) {
    const interfaces = await interfacesIn(client, commands, groupIds);
    if (interfaces.length === 0) {
      return { deleted, waitedMs: now() - started };
    }
    const attached = [];
    for (const eni of interfaces) {
      if (eni.Status !== 'available') {
        attached.push(eni);
        continue;
      }
      try {
        await client.send(new commands.DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni.NetworkInterfaceId }));
        deleted.push(eni.NetworkInterfaceId);
        log(`deleted ${describe(eni)}`);
      } catch (error) {
        if (codeOf(error) === 'InvalidNetworkInterfaceID.NotFound') {
          continue;
        }
        if (codeOf(error) === 'InvalidNetworkInterface.InUse') {
          attached.push({ ...eni, Status: 'in-use' });
          continue;
        }
        throw error;
      }
    }
    if (attached.length === 0) {
      if (now() > options.deadline) {
        return { deleted, waitedMs: now() - started };
      }
      continue; // look again: nothing should be left
    }
    if (now() + pollMs > options.deadline) {
      const seconds = Math.round((now() - started) / 1000);
      throw new Error(`Security group ${groupIds.join(', ')} still holds ${attached.length} network interface(s) after `
        + `${seconds} s: ${attached.map(describe).join('; ')}. CloudFormation cannot delete the group (nor its subnets) `
        + 'while they exist. SageMaker releases the interfaces of a deleted endpoint itself: retry the stack deletion '
        + 'later; an interface attached to anything else must leave the group first.'
        + (deleted.length > 0 ? ` Deleted meanwhile: ${deleted.join(', ')}.` : ''));
    }
    log(`waiting for ${attached.map(describe).join('; ')}`);
    await sleep(pollMs);
  }
}

/**
 * Send a custom resource's response: a PUT of JSON to the pre-signed URL CloudFormation gave.
 *
 * @param {object} event the request
 * @param {object} response Status, Reason, PhysicalResourceId
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
 * Delete releases the interfaces of the groups (`SecurityGroupIds`) within the function's time;
 * Create and Update answer at once.
 *
 * @param {{ RequestType: string, ResourceProperties: { SecurityGroupIds: string[] }, PhysicalResourceId?: string }} event
 * @param {{ getRemainingTimeInMillis: () => number }} context
 */
async function handler(event, context) {
  const groupIds = event.ResourceProperties.SecurityGroupIds || [];
  const physicalResourceId = event.PhysicalResourceId || `network-interface-cleanup:${groupIds.join(',')}`;
  try {
    if (event.RequestType === 'Delete' && groupIds.length > 0) {
      const sdk = require('@aws-sdk/client-ec2');
      const result = await releaseInterfaces(new sdk.EC2Client({}), sdk, groupIds, {
        deadline: Date.now() + context.getRemainingTimeInMillis() - ANSWER_MS,
      });
      console.log(`${groupIds.join(', ')}: no network interface left (${result.deleted.length} deleted, `
        + `${Math.round(result.waitedMs / 1000)} s)`);
    }
    await respond(event, { Status: 'SUCCESS', PhysicalResourceId: physicalResourceId });
  } catch (error) {
    console.error(error);
    await respond(event, { Status: 'FAILED', Reason: String(error.message || error).slice(0, 3000), PhysicalResourceId: physicalResourceId });
  }
}

module.exports = { handler, releaseInterfaces };
