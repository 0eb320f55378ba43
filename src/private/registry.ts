import { IConstruct } from 'constructs';
import type { IModelPackage } from '../model-package';
import type { IModelPackageGroup } from '../model-package-group';
import { BRANDS, hasBrand } from './facts';

/** A version registered in the app (`new ModelPackage`), as the registry's other constructs read it. */
export type RegisteredVersion = IConstruct & IModelPackage & { readonly modelPackageGroup: IModelPackageGroup };

/** The versions registered in `group` anywhere in the app, in construct order. */
export function registeredVersions(group: IModelPackageGroup): RegisteredVersion[] {
  return group.node.root.node.findAll()
    .filter((c): c is RegisteredVersion => hasBrand(c, BRANDS.modelPackage) && (c as Partial<RegisteredVersion>).modelPackageGroup === group);
}
