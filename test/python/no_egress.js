// Loaded into a Node process with NODE_OPTIONS="--require <this file>" by the deploy smoke tests:
// the process may connect to 127.0.0.1 (the emulator) and local sockets, nothing else. Any other
// connection or name lookup fails at once and is appended to the file named by NO_EGRESS_LOG, which
// the test then asserts is empty.
'use strict';
const dns = require('dns');
const fs = require('fs');
const net = require('net');

const LOG = process.env.NO_EGRESS_LOG;
const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

function refused(what) {
  fs.appendFileSync(LOG, `${what}\n`);
  const error = new Error(`refused by no_egress.js: ${what}`);
  error.code = 'ECONNREFUSED';
  return error;
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  // Node passes its own normalized [options, callback] pair through as the first argument.
  const normalized = Array.isArray(args[0]) ? args[0] : args;
  const first = normalized[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: normalized[1] };
  // As net itself decides: a path is a local socket, anything else a network connection.
  if (!options.path && !LOOPBACK.has(options.host ?? 'localhost')) {
    const error = refused(`connect ${options.host}:${options.port}`);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  if (!LOOPBACK.has(hostname)) {
    const callback = rest[rest.length - 1];
    const error = refused(`lookup ${hostname}`);
    process.nextTick(() => callback(error));
    return {};
  }
  return lookup.call(this, hostname, ...rest);
};
const lookupPromise = dns.promises.lookup;
dns.promises.lookup = async function guardedLookupPromise(hostname, ...rest) {
  if (!LOOPBACK.has(hostname)) throw refused(`lookup ${hostname}`);
  return lookupPromise.call(this, hostname, ...rest);
};
