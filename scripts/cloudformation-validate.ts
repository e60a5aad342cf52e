/**
 * CloudFormation Validate, AWS's offline template validator (`@aws/cloudformation-validate`):
 * schema violations, reference cycles and the other built-in rules, at WARN and above.
 *
 * aws-cdk-lib 2.262 and later ship the same engine behind the feature flag
 * `@aws-cdk/core:validateAgainstDefaultRules`. This project develops against 2.257, the newest
 * release whose cloud assemblies the available integ-runner can read, so it plugs the engine in
 * itself:
 * - `withCloudFormationValidate(app)` for apps run by a CLI (the example app, the integ apps):
 *   findings print a report and make `cdk synth` / integ-runner fail (exit code 1);
 * - `assertValidStack(stack)` for unit tests: findings throw.
 * When the toolchain moves past 2.257, replace both with the feature flag.
 *
 * It lives in scripts/ because scripts/synth-example.ts, the app of the quick start's `npx cdk synth`,
 * uses it; the tests and integ apps import it through test/support/cloudformation-validate.ts.
 */
import { RegoEngine, TemplateFile, version, type Engine, type StandardDiagnostic } from '@aws/cloudformation-validate';
import {
  IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation, Stack, Stage, Validations,
} from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';

let engine: Engine | undefined;

/**
 * Rules left out, each for a reason:
 * - W9002 (hardcoded ARN) and W9013 (hardcoded account ID in an ARN): naming resources of other
 *   accounts by literal ARN and account ID is what cross-account logging is; these style rules
 *   would flag every sender stack and every imported target.
 */
const EXCLUDED_RULES = ['W9002', 'W9013'];

/** One engine per process: building it loads the bundled CloudFormation schemas. */
function sharedEngine(): Engine {
  engine ??= new RegoEngine();
  return engine;
}

/** The findings for one synthesized template file. */
export function validateTemplateFile(templatePath: string, env: { accountId?: string; region?: string } = {}): StandardDiagnostic[] {
  const report = sharedEngine().validateStandard(new TemplateFile(templatePath), {
    severityLevel: 'WARN',
    exclude: { ids: EXCLUDED_RULES },
    pseudoParameterOverrides: { accountId: env.accountId, region: env.region },
  });
  if (report.status === 'ERROR') {
    throw new Error(`CloudFormation Validate could not analyse ${templatePath}`);
  }
  return report.diagnostics;
}

function describe(d: StandardDiagnostic): string {
  const where = [d.entity?.logicalId, d.propertyPath].filter(x => x).join(' ');
  return `[${d.severity}] ${d.ruleId} ${where}: ${d.message}${d.suggestedFix ? ` (fix: ${d.suggestedFix})` : ''}`;
}

/** Throws when CloudFormation Validate finds anything in the stack's synthesized template. */
export function assertValidStack(stack: Stack): void {
  const assembly = Stage.of(stack)!.synth();
  const artifact = assembly.getStackArtifact(stack.artifactId);
  const findings = validateTemplateFile(artifact.templateFullPath, {
    accountId: stack.resolve(stack.account)?.Ref ? undefined : stack.account,
    region: stack.resolve(stack.region)?.Ref ? undefined : stack.region,
  });
  if (findings.length > 0) {
    throw new Error(`CloudFormation Validate found ${findings.length} problem(s) in ${stack.stackName}:\n${findings.map(describe).join('\n')}`);
  }
}

/** The validator as a CDK policy-validation plugin: a finding fails `cdk synth`. */
export class CloudFormationValidate implements IPolicyValidationPlugin {
  public readonly name = 'CloudFormation Validate';
  public readonly version = version();

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    for (const templatePath of context.templatePaths) {
      for (const d of validateTemplateFile(templatePath)) {
        violations.push({
          ruleName: `CloudFormation-Validate::${d.ruleId}`,
          description: `${d.propertyPath ? `${d.propertyPath}: ` : ''}${d.message}`,
          fix: d.suggestedFix,
          severity: d.severity,
          violatingResources: [{ resourceLogicalId: d.entity?.logicalId, templatePath, locations: d.propertyPath ? [d.propertyPath] : [] }],
        });
      }
    }
    return { success: violations.length === 0, violations, pluginVersion: this.version };
  }
}

/** Adds CloudFormation Validate to an app (or stage) that a CLI synthesizes. */
export function withCloudFormationValidate<T extends IConstruct>(scope: T): T {
  Validations.of(scope).addPlugins(new CloudFormationValidate());
  return scope;
}
