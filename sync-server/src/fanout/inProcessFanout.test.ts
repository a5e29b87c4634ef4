import { describeFanoutContract } from './fanout.contract.ts';
import { createInProcessFanoutHub } from './inProcessFanout.ts';

describeFanoutContract('in-process', async () => {
  const hub = createInProcessFanoutHub();
  return [hub.node(), hub.node()];
});
