import { Command } from 'commander';
import { cairnVersion } from '../version.js';
import { registerServerCommand } from './commands/server.js';
import { registerServeCommand } from './commands/serve.js';
import { registerWorkerCommand } from './commands/worker.js';
import { registerExperimentsCommand } from './commands/experiments.js';
import { registerRunsCommand } from './commands/runs.js';
import { registerArtifactsCommand } from './commands/artifacts.js';
import { registerModelsCommand } from './commands/models.js';
import { registerMembersCommand } from './commands/members.js';
import { registerProjectsCommand } from './commands/projects.js';
import { registerTokensCommand } from './commands/tokens.js';
import { registerUsersCommand } from './commands/users.js';
import { registerWebhooksCommand } from './commands/webhooks.js';
import { registerApprovalsCommand } from './commands/approvals.js';
import { registerPoliciesCommand } from './commands/policies.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerDeployCommand, registerDeploymentsCommand } from './commands/deployments.js';
import { registerPredictionsCommand } from './commands/predictions.js';
import { registerDriftCommand } from './commands/drift.js';
import { registerFeedbackCommand } from './commands/feedback.js';
import { registerMonitorReferenceCommand } from './commands/monitor-reference.js';
import { registerMonitorsCommand } from './commands/monitors.js';
import { registerAlertsCommand } from './commands/alerts.js';

/** The `cairn` command tree; each noun registers itself from `commands/<noun>.ts`, one line here. */
export function buildProgram(): Command {
  // Positional: options after a subcommand belong to it, so `cairn deploy --version 3` is the
  // model version, not the program's --version.
  const program = new Command('cairn').description('Cairn: one program for the whole life of a machine-learning model').version(cairnVersion()).enablePositionalOptions();
  registerServerCommand(program);
  registerServeCommand(program);
  registerWorkerCommand(program);
  registerExperimentsCommand(program);
  registerRunsCommand(program);
  registerArtifactsCommand(program);
  registerModelsCommand(program);
  registerProjectsCommand(program);
  registerMembersCommand(program);
  registerUsersCommand(program);
  registerTokensCommand(program);
  registerWebhooksCommand(program);
  registerApprovalsCommand(program);
  registerPoliciesCommand(program);
  registerAuditCommand(program);
  registerDeployCommand(program);
  registerDeploymentsCommand(program);
  registerPredictionsCommand(program);
  registerDriftCommand(program);
  registerFeedbackCommand(program);
  registerMonitorsCommand(program);
  registerAlertsCommand(program);
  // After `cairn monitors` (if registered above): adds `monitors reference set|show` to it.
  registerMonitorReferenceCommand(program);
  return program;
}
