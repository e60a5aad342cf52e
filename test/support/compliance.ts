/**
 * The compliance gate: cdk-nag's AwsSolutions rules and the cfn-guard Control Tower proactive
 * controls (`@cdklabs/cdk-validator-cfnguard`), run over the stacks of an app, minus what was
 * acknowledged on the construct tree.
 *
 * Why not `Validations.of(app).addPlugins(...)`: cdk-nag 3 walks the construct tree it expects on
 * the validation context (`appConstruct`), which aws-cdk-lib 2.257 does not pass to plugins yet
 * (it passes only `templatePaths`), so the pack would fail with "NagPack requires a construct
 * tree". The test calls `validateScope(app)` instead, and runs the cfn-guard validator on the
 * synthesized templates itself, which also keeps its report off the test's exit code.
 *
 * Acknowledging:
 * - cdk-nag: `Validations.of(construct).acknowledge({ id: 'AwsSolutions-XX', reason })` on the
 *   resource or any scope above it; findings with an ID inside brackets are acknowledged one by
 *   one (`AwsSolutions-IAM5[Resource::...]`). IDs with more than one `::` are rejected by
 *   `acknowledge()`, so the library writes the same metadata entry directly (see
 *   lib/private/acknowledge.ts).
 * - cfn-guard: the Control Tower rules read no suppression from the template, so they are
 *   acknowledged like the rest, with aws-cdk-lib's plugin-qualified ID
 *   `cdk-validator-cfnguard::<guard rule name>` (the ID aws-cdk-lib itself matches when the
 *   validator runs as a synth plugin). Here it counts only on the resource or a scope above it.
 */
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack, Stage, StageSynthesisOptions, Validations } from 'aws-cdk-lib/core';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** The plugin name aws-cdk-lib qualifies cfn-guard acknowledgements with. */
export const CFN_GUARD = 'cdk-validator-cfnguard';

/** One unacknowledged finding. */
export interface ComplianceFinding {
  readonly tool: 'cdk-nag' | 'cfn-guard';
  /** `AwsSolutions-IAM5[...]`, or the guard rule name. */
  readonly ruleId: string;
  /** The construct path of the resource (or `stack/logicalId` when no construct owns it). */
  readonly path: string;
  readonly description: string;
}

/** Whether `ruleId` was acknowledged on `construct` or a scope above it. */
export function isAcknowledged(construct: IConstruct, ruleId: string): boolean {
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    for (const entry of c.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data
        && Object.keys(entry.data).some(k => k.replace(/^annotation::/i, '') === ruleId)) {
        return true;
      }
    }
  }
  return false;
}

/** Every CfnResource of a stack by logical ID. */
function resourcesByLogicalId(stack: Stack): Map<string, CfnResource> {
  const found = new Map<string, CfnResource>();
  for (const c of stack.node.findAll()) {
    if (CfnResource.isCfnResource(c) && Stack.of(c) === stack) {
      found.set(stack.resolve(c.logicalId), c);
    }
  }
  return found;
}

/**
 * Synthesizes the app and returns the findings of cdk-nag (AwsSolutions) and cfn-guard (Control
 * Tower) in `stacks` (default: every stack of the app) that nobody acknowledged.
 */
export function complianceFindings(app: Stage, stacks?: Stack[]): ComplianceFinding[] {
  const assembly = app.synth();
  const checked = stacks ?? app.node.findAll().filter(Stack.isStack);
  const findings: ComplianceFinding[] = [];

  const nag = new AwsSolutionsChecks().validateScope(app);
  const inChecked = (constructPath: string) => checked.some(s => constructPath === s.node.path || constructPath.startsWith(`${s.node.path}/`));
  for (const v of nag.violations) {
    for (const r of v.violatingResources) {
      if (r.constructPath !== undefined && inChecked(r.constructPath)) {
        findings.push({ tool: 'cdk-nag', ruleId: v.ruleName, path: r.constructPath, description: v.description });
      }
    }
  }

  // A cdk-stacksets StackSetStack is no artifact of its own: its template is a file asset of its parent stack.
  const templatePath = (s: Stack): string => {
    const artifact = assembly.tryGetArtifact(s.artifactId) as { templateFullPath?: string } | undefined;
    return artifact?.templateFullPath ?? path.join(assembly.directory, s.templateFile);
  };
  const byTemplate = new Map(checked.map(s => [templatePath(s), s]));
  const report = new CfnGuardValidator().validate({ templatePaths: [...byTemplate.keys()] });
  const resources = new Map([...byTemplate.values()].map(s => [s, resourcesByLogicalId(s)]));
  for (const v of report.violations) {
    for (const r of v.violatingResources) {
      const stack = byTemplate.get(r.templatePath)!;
      const resource = resources.get(stack)!.get(r.resourceLogicalId);
      if (resource && isAcknowledged(resource, `${CFN_GUARD}::${v.ruleName}`)) {
        continue;
      }
      findings.push({
        tool: 'cfn-guard',
        ruleId: v.ruleName,
        path: resource?.node.path ?? `${stack.node.path}/${r.resourceLogicalId}`,
        description: v.description,
      });
    }
  }
  return findings;
}

/** The integ test apps of the project: `integ/integ.*.ts`, as integ-runner finds them. */
export function integAppFiles(dir = path.join(__dirname, '..', '..', 'integ')): string[] {
  return fs.readdirSync(dir).filter(f => /^integ\.(?!.*\.d\.ts$).*\.ts$/.test(f)).sort().map(f => path.join(dir, f));
}

/**
 * Loads an app file that builds an App and calls `app.synth()` at its top level (an integ test, the
 * way integ-runner runs it) and returns that App, synthesized into a temporary directory.
 */
export function loadSynthesizedApp(file: string): App {
  const apps: App[] = [];
  const inherited = Stage.prototype.synth;
  App.prototype.synth = function (this: App, options?: StageSynthesisOptions) {
    apps.push(this);
    return quietSynth(() => inherited.call(this, options));
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
  } finally {
    delete (App.prototype as { synth?: unknown }).synth;
  }
  if (apps.length !== 1) {
    throw new Error(`${file} synthesized ${apps.length} apps; expected it to build one App and call app.synth() once`);
  }
  return apps[0];
}

/**
 * Runs a synth whose app has validation plugins (CloudFormation Validate in the integ apps) without
 * the report aws-cdk-lib prints on `console.error` every time ("Performing Policy Validations", a
 * summary table): noise when everything passed. A failed validation stays loud: aws-cdk-lib 2.257
 * only prints the report and sets `process.exitCode`, so that case throws here with the report as
 * the message (and leaves the exit code alone); newer aws-cdk-lib throws by itself in tests.
 */
export function quietSynth<T>(synth: () => T): T {
  const printed: string[] = [];
  // eslint-disable-next-line no-console
  const original = console.error;
  const exitCodeBefore = process.exitCode;
  console.error = (...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
  };
  let result: T;
  try {
    result = synth();
  } catch (e) {
    if (printed.length > 0 && e instanceof Error) {
      e.message = `${e.message}\n${printed.join('\n')}`;
    }
    throw e;
  } finally {
    console.error = original;
  }
  if (process.exitCode !== exitCodeBefore || printed.some(p => /Validation failed/.test(p))) {
    process.exitCode = exitCodeBefore;
    throw new Error(`the app's validation failed:\n${printed.join('\n')}`);
  }
  return result;
}

/** The findings as one line each, for a failure message. */
export function formatFindings(findings: ComplianceFinding[]): string {
  return findings.map(f => `[${f.tool}] ${f.ruleId} at ${f.path}: ${f.description}`).join('\n');
}
