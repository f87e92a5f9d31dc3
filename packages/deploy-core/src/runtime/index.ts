export {
  RUNTIME_PACKAGES,
  RUNTIME_PACKAGE_NAMES,
  describeRuntimePackages,
  isRuntimeImport,
  packageNameOf,
  type TRuntimePackageName,
} from './runtime-packages.js';
export * from './remote-db/index.js';
