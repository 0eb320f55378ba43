import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { fail } from './errors';
import { problem } from './rules/rule';

/**
 * The error of `bindForGrantee()` on a user's `ContainerImage` or `ModelData` class that implements
 * only the alpha's `bind()`, which takes a Model, when an inference component's container binds it
 * for the endpoint configuration's role.
 *
 * @param base the public class (`ContainerImage`, `ModelData`), as the message names the property
 * @param allowed the library's factories of that class, in both languages
 */
export function failBindForGrantee(scope: Construct, ruleId: string, base: string, self: object, grantee: IGrantable, allowed: string): never {
  const cls = self.constructor.name;
  const who = Construct.isConstruct(grantee) ? `'${grantee.node.path}'` : 'a principal that is not a Model';
  fail(scope, ruleId, problem(`${cls} implements only bind(), which takes a Model, so it cannot be bound for ${who} `
    + '(the role of an inference component\'s container)', base, `a ${cls}`,
  `${allowed}, or a class that also implements bindForGrantee() (bind_for_grantee())`));
}
