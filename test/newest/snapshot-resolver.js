// Snapshots of the jest run against the newest aws-cdk-lib (npm run test:newest) live apart from
// the floor's: the two versions may render the same template differently (e.g. key order in a
// dashboard body), and such a change must show up as a reviewed diff when test/newest is bumped.
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const dir = path.join(__dirname, '__snapshots__');

module.exports = {
  resolveSnapshotPath: (testPath, extension) =>
    path.join(dir, path.relative(root, testPath).replace(/[\\/]/g, '__') + extension),
  // The floor's snapshots (test/**/__snapshots__) map back to their tests, so that an update of
  // these never takes them for obsolete files.
  resolveTestPath: (snapshotPath, extension) => (path.dirname(snapshotPath) === dir
    ? path.join(root, path.basename(snapshotPath, extension).replace(/__/g, '/'))
    : path.join(path.dirname(path.dirname(snapshotPath)), path.basename(snapshotPath, extension))),
  testPathForConsistencyCheck: path.join(root, 'test', 'examples', 'app.test.ts'),
};
