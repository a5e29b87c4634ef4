// Runs s3rver in its own process: its paginated listing uses DES, which Node 20 only has with
// --openssl-legacy-provider, and we do not want that flag on the api or the tests.
import S3rver from 's3rver';

const [, , port, directory] = process.argv;
const server = new S3rver({
  port: Number(port),
  address: '127.0.0.1',
  directory,
  silent: true,
  resetOnClose: false,
  allowMismatchedSignatures: true,
});
const { port: bound } = await server.run();
process.stdout.write(`ready ${bound}\n`);
const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// If our parent dies without signalling, do not linger.
process.on('disconnect', stop);
