// Test support shared by the docker package's tests and the build-and-push action's tests.
export { describeWithDocker, requireParts } from './describe.js';
export {
  dockerAvailability,
  fakeDocker,
  registryAvailability,
  removeImages,
  which,
  type Availability,
  type FakeDocker,
} from './docker.js';
export { BLOB_UPLOAD_UNKNOWN, startFaultProxy, type Fault, type FaultProxy } from './fault-proxy.js';
export { registryDigest, startRegistry, type TestRegistry } from './registry.js';
export { createWorkspace, type TestWorkspace } from './workspace.js';
export { startEmulator, type EmulatorHandle } from '@shipline/ecs-emulator';
export { putManifest, uploadImage, uploadIndex, type UploadedImage } from './upload.js';
