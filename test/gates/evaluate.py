#!/usr/bin/env python3
"""Judges cfn-lint's and checkov's JSON results for scripts/gates.sh.

    evaluate.py cfn-lint --results lint.json --rc N --index index.json --allow test/gates/cfn-lint-allowed.txt
    evaluate.py checkov  --results checkov.json --rc N --index index.json --allow test/gates/checkov-default-allowed.txt \
                         --templates DIR

index.json lists every scanned template: [{"template": "x.template.json", "hardened": bool,
"origin": "matrix" | "extra" | "canary"}]. The canary must be flagged (else the gate is broken);
every other finding must be allowed by the allow-list, and a hardened template may have no
failed checkov check at all. Exits 1 on any failure, 0 otherwise.

Allow-list lines (blank lines and '#' comments ignored):

    RULE_OR_CHECK_ID  TEMPLATE_GLOB  RESOURCE_GLOB  reason, free text (required)

TEMPLATE_GLOB matches the scanned file name (e.g. `*`, `example.template.json`,
`integ.*DeployAssert*`); RESOURCE_GLOB matches checkov's `Type.LogicalId`, or cfn-lint's
logical ID (`-` when the finding has none). Allow-lists never apply to hardened templates.
"""
import argparse
import fnmatch
import json
import os
import sys
from collections import defaultdict

CANARY_LINT_RULE = 'E3002'
CANARY_CHECKOV_CHECK = 'CKV_AWS_158'


class Allow:
    def __init__(self, path):
        self.entries = []
        self.path = path
        with open(path, encoding='utf-8') as f:
            for n, raw in enumerate(f, 1):
                line = raw.strip()
                if not line or line.startswith('#'):
                    continue
                parts = line.split(None, 3)
                if len(parts) < 4 or not parts[3].strip():
                    sys.exit(f'gates: {path}:{n}: expected "ID TEMPLATE_GLOB RESOURCE_GLOB reason", got: {line}')
                self.entries.append({'id': parts[0], 'template': parts[1], 'resource': parts[2],
                                     'reason': parts[3].strip(), 'line': n, 'used': 0})

    def match(self, check_id, template, resource):
        for e in self.entries:
            if e['id'] == check_id and fnmatch.fnmatchcase(template, e['template']) \
                    and fnmatch.fnmatchcase(resource or '-', e['resource']):
                e['used'] += 1
                return e
        return None

    def report_unused(self, tool):
        for e in self.entries:
            if e['used'] == 0:
                print(f'gates: {tool}: note: allow-list entry {os.path.basename(self.path)}:{e["line"]} '
                      f'({e["id"]} {e["template"]} {e["resource"]}) matched nothing in this run')


def load_index(path):
    with open(path, encoding='utf-8') as f:
        index = json.load(f)
    by_name = {i['template']: i for i in index}
    if not [i for i in index if i['origin'] == 'matrix']:
        sys.exit('gates: the index lists no matrix template: nothing would be scanned')
    if not [i for i in index if i['origin'] == 'canary']:
        sys.exit('gates: the index lists no canary template')
    return by_name


def load_json(path, tool):
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
        return json.loads(text)
    except (OSError, ValueError) as e:
        print(f'gates: {tool}: its output is not JSON ({e}); it probably crashed. First lines:', file=sys.stderr)
        try:
            print(text[:2000], file=sys.stderr)
        except NameError:
            pass
        sys.exit(1)


def cfn_lint(args):
    index = load_index(args.index)
    allow = Allow(args.allow)
    matches = load_json(args.results, 'cfn-lint')
    if not isinstance(matches, list):
        sys.exit(f'gates: cfn-lint: expected a JSON list of findings, got {type(matches).__name__}')
    failures, canary_hits, infos, allowed = [], 0, [], []
    levels_seen = set()
    for m in matches:
        name = os.path.basename(m.get('Filename', ''))
        rule = m.get('Rule', {}).get('Id', '?')
        level = m.get('Level', '?')
        levels_seen.add(level)
        path = m.get('Location', {}).get('Path') or []
        resource = path[1] if len(path) > 1 and path[0] == 'Resources' else '-'
        line = m.get('Location', {}).get('Start', {}).get('LineNumber', '?')
        text = f'{name}:{line} {level} {rule} [{resource}] {m.get("Message", "")}'
        entry = index.get(name)
        if entry is None:
            failures.append(f'{text}  (a file the index does not list)')
        elif entry['origin'] == 'canary':
            if rule == CANARY_LINT_RULE and level == 'Error':
                canary_hits += 1
        elif level == 'Informational':
            infos.append(text)
        elif not entry['hardened'] and (a := allow.match(rule, name, resource)):
            allowed.append(f'{text}  -> allowed: {a["reason"]}')
        else:
            failures.append(text)

    # The exit code must agree with the findings (2 error, 4 warning, 8 informational; 1 or more than
    # 15 is a crash): a crash with partial output must not pass.
    rc = args.rc
    if rc & 1 or rc > 15:
        failures.append(f'cfn-lint exited {rc}: it crashed or was misused')
    if (rc & 2) and 'Error' not in levels_seen or (rc & 4) and 'Warning' not in levels_seen:
        failures.append(f'cfn-lint exited {rc}, which its JSON findings do not explain')
    if canary_hits == 0:
        failures.append(f'cfn-lint did not report {CANARY_LINT_RULE} on the canary template: the gate is not linting')

    scanned = [n for n, i in index.items() if i['origin'] != 'canary']
    for t in infos:
        print(f'gates: cfn-lint: info (not failing): {t}')
    for t in allowed:
        print(f'gates: cfn-lint: {t}')
    allow.report_unused('cfn-lint')
    if failures:
        print(f'gates: cfn-lint: FAILED: {len(failures)} finding(s) in {len(scanned)} templates:', file=sys.stderr)
        for t in failures:
            print(f'  {t}', file=sys.stderr)
        return 1
    print(f'gates: cfn-lint: OK: {len(scanned)} templates, 0 errors, 0 warnings '
          f'({len(allowed)} allowed, {len(infos)} informational; canary flagged)')
    return 0


# Resource types that checkov's cloudformation checks always examine (each has a check that
# passes or fails): a template with one of them and no result at all was not scanned.
CHECKOV_CHECKED_TYPES = {'AWS::Logs::LogGroup', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy',
                         'AWS::SNS::Topic', 'AWS::KMS::Key', 'AWS::Lambda::Function'}


def checked_types(path):
    with open(path, encoding='utf-8') as f:
        resources = json.load(f).get('Resources', {}) or {}
    return {r.get('Type') for r in resources.values()} & CHECKOV_CHECKED_TYPES


def checkov(args):
    index = load_index(args.index)
    allow = Allow(args.allow)
    data = load_json(args.results, 'checkov')
    reports = data if isinstance(data, list) else [data]
    reports = [r for r in reports if r.get('check_type') == 'cloudformation']
    if not reports:
        print('gates: checkov: FAILED: no cloudformation results: it found no template to scan', file=sys.stderr)
        return 1
    failures = []
    passed, failed, skipped = defaultdict(list), defaultdict(list), defaultdict(list)
    for r in reports:
        results = r.get('results', {})
        for p in results.get('parsing_errors', []) or []:
            failures.append(f'checkov could not parse {p}')
        if r.get('summary', {}).get('parsing_errors'):
            failures.append(f'checkov reports {r["summary"]["parsing_errors"]} parsing error(s)')
        for kind, bucket in (('passed_checks', passed), ('failed_checks', failed), ('skipped_checks', skipped)):
            for c in results.get(kind, []) or []:
                bucket[os.path.basename(c['file_path'])].append(c)

    rc = args.rc
    if rc not in (0, 1):
        failures.append(f'checkov exited {rc}: it crashed or was misused')
    if rc == 1 and not any(failed.values()):
        failures.append('checkov exited 1 without a failed check in its JSON output')

    summary = []
    allowed_count = 0
    for name in sorted(index):
        entry = index[name]
        fails = failed.get(name, [])
        if entry['origin'] == 'canary':
            if not any(c['check_id'] == CANARY_CHECKOV_CHECK for c in fails):
                failures.append(f'checkov did not fail {CANARY_CHECKOV_CHECK} on the canary template: the gate is not scanning')
            continue
        n_checks = len(passed.get(name, [])) + len(fails) + len(skipped.get(name, []))
        checkable = sorted(checked_types(os.path.join(args.templates, name)))
        if n_checks == 0 and checkable:
            failures.append(f'{name}: checkov ran no check on it, though it has {", ".join(checkable)} '
                            '(which checkov checks): it did not scan it')
        elif n_checks == 0:
            print(f'gates: checkov: note: {name}: no resource of a type checkov checks (e.g. only flow logs)')
        kind = 'hardened' if entry['hardened'] else entry['origin']
        ids = []
        for c in fails:
            where = f'{name} {c["check_id"]} {c["resource"]}: {c["check_name"]}'
            if entry['hardened']:
                failures.append(f'{where}  (hardened: no failed check is allowed)')
                ids.append(c['check_id'] + '!')
            elif (a := allow.match(c['check_id'], name, c['resource'])):
                allowed_count += 1
                ids.append(c['check_id'])
            else:
                failures.append(f'{where}  (not in {os.path.basename(args.allow)})')
                ids.append(c['check_id'] + '!')
        for c in skipped.get(name, []):
            reason = (c.get('check_result') or {}).get('suppress_comment', '')
            print(f'gates: checkov: note: {name} {c["check_id"]} {c["resource"]} skipped by template metadata: {reason}')
        status = ', '.join(sorted(set(ids))) if ids else 'no failed check'
        summary.append(f'  {name:<60} {kind:<9} {len(passed.get(name, [])):>3} passed  failed: {status}')

    print('gates: checkov: per template (ID! = not allowed):')
    print('\n'.join(summary))
    allow.report_unused('checkov')
    if failures:
        print(f'gates: checkov: FAILED: {len(failures)} problem(s):', file=sys.stderr)
        for t in failures:
            print(f'  {t}', file=sys.stderr)
        return 1
    n = len([i for i in index.values() if i['origin'] != 'canary'])
    h = len([i for i in index.values() if i['hardened']])
    print(f'gates: checkov: OK: {n} templates ({h} hardened with 0 failed checks), '
          f'{allowed_count} allowed failure(s) on default configurations; canary flagged')
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('tool', choices=['cfn-lint', 'checkov'])
    parser.add_argument('--results', required=True)
    parser.add_argument('--rc', type=int, required=True)
    parser.add_argument('--index', required=True)
    parser.add_argument('--allow', required=True)
    parser.add_argument('--templates', help='the directory of the scanned templates (checkov)')
    args = parser.parse_args()
    sys.exit(cfn_lint(args) if args.tool == 'cfn-lint' else checkov(args))


if __name__ == '__main__':
    main()
