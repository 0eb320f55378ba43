#!/usr/bin/env node
import * as fs from 'fs';
import { HostingChecks } from '../hosting-checks';

/*
 * `cdk-sagemaker-hosting-check [--region <region>] [--account <account>] <template.json>...`: this
 * library's hosting rules on CloudFormation templates (synthesized, or written by hand). Prints each
 * problem as `<file> <logical id> <error|warning> <message>`; exits 1 when there is an error, 2 on
 * wrong usage or a file that is not a JSON template.
 */

/** Where the command writes. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** Run the command on its arguments; the exit code. */
export function main(argv: readonly string[], output: Output): number {
  const files: string[] = [];
  const options: { region?: string; account?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--region' || argv[i] === '--account') {
      options[argv[i] === '--region' ? 'region' : 'account'] = argv[++i];
    } else {
      files.push(argv[i]);
    }
  }
  if (files.length === 0 || Object.values(options).some(v => v === undefined)) {
    output.err('usage: cdk-sagemaker-hosting-check [--region <region>] [--account <account>] <template.json>...');
    return 2;
  }
  let errors = 0;
  for (const file of files) {
    let template: unknown;
    try {
      template = JSON.parse(fs.readFileSync(file, 'utf-8'));
    } catch (e) {
      output.err(`${file}: not a JSON template (${(e as Error).message})`);
      return 2;
    }
    for (const finding of HostingChecks.checkTemplate(template, options)) {
      errors += finding.severity === 'error' ? 1 : 0;
      output.out(`${file} ${finding.logicalId} ${finding.severity} ${finding.message}`);
    }
  }
  return errors > 0 ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    out: line => process.stdout.write(`${line}\n`),
    err: line => process.stderr.write(`${line}\n`),
  });
}
