import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Messages every language can read: the props and methods a message names in TypeScript spelling
 * (`alarmActions[0]`, `addTarget()`) are listed at its end in Python spelling (`alarm_actions[0]`),
 * where they differ; Java and Go users recognise the TypeScript name in their builders and setters.
 * Applied to every error the library throws and every problem it reports at synth.
 */
export function inEveryLanguage(message: string): string {
  if (message.includes('(Python: ')) return message;
  const names: string[] = [];
  const pattern = /`([a-z][a-zA-Z0-9]*[A-Z][a-zA-Z0-9]*)((?:\[\d+\])?(?:\.[a-z][a-zA-Z0-9]*)*)(\(\))?`/g;
  for (const m of message.matchAll(pattern)) {
    const python = `\`${snake(m[1])}${m[2].replace(/\.([a-z][a-zA-Z0-9]*)/g, (_all: string, p: string) => `.${snake(p)}`)}${m[3] ?? ''}\``;
    if (!names.includes(python)) names.push(python);
  }
  return names.length === 0 ? message : `${message} (Python: ${names.join(', ')})`;
}

/** An error whose message names props in every language's spelling. */
export function libraryError(message: string): Error {
  return new Error(inEveryLanguage(message));
}

function snake(camel: string): string {
  return camel.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);
}

/**
 * Every warning the library gives goes through here: an annotation with the ID
 * `cdk-flow-logs-to-cloudwatch:<id>` (acknowledgeable with `Annotations.acknowledgeWarning`), its
 * message in every language's spelling, on the construct it concerns.
 */
export function warn(scope: IConstruct, id: string, message: string) {
  Annotations.of(scope).addWarningV2(`cdk-flow-logs-to-cloudwatch:${id}`, inEveryLanguage(message));
}
