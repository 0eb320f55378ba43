/*
 * aws-cdk-lib checks every synthesized template against the CloudFormation schemas and prints what
 * it finds on console.error ("Template validation found issues ...") as warnings, so that a test
 * passes with an invalid template and fills the output. Here a finding fails the test that made it,
 * with the report; a test that makes an invalid template on purpose acknowledges the rule
 * (`Validations.of(stack).acknowledge({ id: 'CloudFormation-Validate::W3030', reason })`).
 */
const REPORT = 'Template validation found issues';
const printError = console.error;
let reports: string[] = [];

// The report comes in several calls: its header, then one per finding. Once a test's header is
// seen, the rest of what it prints on console.error belongs to the failure message.
console.error = (...args: unknown[]) => {
  const text = args.map(String).join(' ');
  if (reports.length > 0 || text.includes(REPORT)) {
    reports.push(text);
    return;
  }
  printError(...args);
};

beforeEach(() => {
  reports = [];
});

afterEach(() => {
  const found = reports;
  reports = [];
  if (found.length > 0) {
    throw new Error(`a synthesized template has CloudFormation schema findings:\n${found.join('\n')}`);
  }
});
