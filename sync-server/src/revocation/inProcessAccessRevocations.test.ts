import { describeAccessRevocationsContract } from './accessRevocations.contract.ts';
import { createInProcessAccessRevocations } from './inProcessAccessRevocations.ts';

describeAccessRevocationsContract('in-process', async () => {
  const channel = createInProcessAccessRevocations();
  return [channel, channel];
});
