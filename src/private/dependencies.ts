import { Dependable, IConstruct, IDependable } from 'constructs';

/**
 * Make `dependent` wait for the constructs `roots()` returns when the template is made (what is known
 * only then: a policy split added at synth, a role created when a later variant is added).
 */
export function dependOnLater(dependent: IConstruct, roots: () => IConstruct[]): void {
  const later: IDependable = {};
  Dependable.implement(later, {
    get dependencyRoots(): IConstruct[] {
      return roots();
    },
  });
  dependent.node.addDependency(later);
}

/**
 * Make `dependent` wait for every resource of `target` except its default child, which `dependent`
 * already references (`Ref` / `Fn::GetAtt`): CloudFormation orders the two by that reference, and
 * a `DependsOn` on it as well is what cfn-lint reports as W3005. The children are read when the
 * template is made, so a policy added later (a `Grants2` split, a role's `DefaultPolicy`) is
 * waited for too.
 */
export function dependOnUnreferenced(dependent: IConstruct, target: IConstruct): void {
  dependOnLater(dependent, () => target.node.children.filter(child => child !== target.node.defaultChild));
}
