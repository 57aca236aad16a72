#!/usr/bin/env python3
"""Validate the bundled dataset (data/*.yaml) against the format of data/README.md.

Usage: python3 tools/check_dataset.py [data-dir]

Checks: slugs (pattern, unique per section across all files), references, citations (the quote
occurs verbatim on the cited 1-based line of the document text), at least one citation per record
(with a quote when the basis is stated), documented keys only, enum values, EDTF shape of dates,
no cycle in successions. Prints counts per section and the distinct values of enum-like fields.
Exit status 1 when an error is found.
"""
import glob
import os
import re
import sys
from collections import OrderedDict, defaultdict

import yaml

DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), 'data')

SLUG = re.compile(r'^[a-z0-9]+(-[a-z0-9]+)*$')
CITE = re.compile(r'^([a-z0-9]+(?:-[a-z0-9]+)*):(\d+) \| (.+)$', re.S)

COMMON = ['slug', 'basis', 'note', 'src']
# keys documented in data/README.md, per section
KEYS = {
    'source_documents': ['title', 'file_name', 'collection', 'publisher', 'published', 'written', 'language',
                         'text_file', 'text'],
    'places': ['kind', 'name', 'iso_alpha2', 'iso_alpha3', 'iso_numeric', 'iso3166_3', 'iso3166_2', 'iso_status',
               'valid', 'wikidata', 'names'],
    'place_parts': ['place', 'part_of', 'valid'],
    'organizations': ['name', 'name_status', 'kind', 'country', 'place', 'parent', 'founded', 'dissolved', 'aggregate',
                      'disciplines', 'purpose', 'description', 'names'],
    'persons': ['name', 'born', 'died', 'nationality', 'occupations', 'description', 'names'],
    'memberships': ['member', 'organization', 'role', 'label', 'ordinal', 'valid'],
    'successions': ['predecessor', 'successor', 'kind', 'date', 'legal_act'],
    'works': ['kind', 'title', 'legislation_type', 'identifier', 'date', 'creator', 'passed_by', 'place', 'series',
              'text', 'language', 'names'],
    'event_series': ['name', 'kind', 'frequency', 'disciplines', 'formats', 'date', 'description', 'status',
                     'open_list', 'names'],
    'events': ['title', 'kind', 'series', 'parent', 'edition_number', 'date', 'theme', 'description', 'aggregate',
               'open_list'],
    'participations': ['agent', 'target', 'role', 'label'],
    'event_places': ['target', 'place', 'role'],
    'relations': ['subject', 'predicate', 'object', 'object_literal', 'label', 'valid'],
    'statistics': ['subject', 'indicator', 'value', 'comparator', 'unit', 'per', 'value_text', 'as_of',
                   'as_of_text'],
}
REQUIRED = {
    'source_documents': ['title', 'file_name'], 'places': ['kind', 'name'], 'place_parts': ['place', 'part_of'],
    'organizations': ['name', 'kind'], 'persons': ['name'], 'memberships': ['member', 'organization', 'role'],
    'successions': ['predecessor', 'successor', 'kind'], 'works': ['kind', 'title'],
    'event_series': ['name', 'kind'], 'events': ['title', 'kind'], 'participations': ['agent', 'target', 'role'],
    'event_places': ['target', 'place', 'role'], 'relations': ['subject', 'predicate'],
    'statistics': ['subject', 'indicator', 'value', 'comparator', 'value_text'],
}
NAME_KEYS = {'name', 'kind', 'valid', 'lang', 'note', 'basis', 'src'}
CITATION_KEYS = {'cite', 'field', 'basis', 'note'}
EVENT_KINDS = {'festival', 'forum', 'concert', 'tour', 'programme', 'campaign', 'bilateral_year', 'historical',
               'anniversary', 'visit', 'delegation', 'transfer', 'exhibition', 'publication', 'course'}
ENUMS = {
    'basis': {'stated', 'inferred', 'external'},
    ('organizations', 'name_status'): {'stated', 'inferred', 'not_given'},
    ('places', 'kind'): {'country', 'historical_state', 'region', 'city'},
    ('places', 'iso_status'): {'officially_assigned', 'exceptionally_reserved', 'transitionally_reserved',
                               'formerly_used'},
    ('memberships', 'role'): {'member', 'agreement_partner', 'chair', 'head', 'founder'},
    ('successions', 'kind'): {'renamed', 'transformed_into', 'continued_as', 'functions_transferred_to',
                              'prototype_of'},
    ('works', 'kind'): {'legislation', 'quotation', 'musical_work'},
    ('event_series', 'kind'): EVENT_KINDS,
    ('events', 'kind'): EVENT_KINDS,
    ('participations', 'role'): {'organizer', 'co_organizer', 'initiator', 'host', 'participant', 'performer',
                                 'sender', 'visitor', 'inviter', 'recipient', 'supporter', 'facilitator',
                                 'beneficiary', 'lobbyist', 'author', 'subject'},
    ('event_places', 'role'): {'venue', 'origin', 'destination', 'scope'},
    ('relations', 'predicate'): {'sibling_of', 'spouse_of', 'contributed_to', 'advocated_for', 'emigrated_from',
                                 'award_received', 'maintained_ties_with', 'initiated', 'named_after',
                                 'reciprocates', 'participated_in', 'has_member_state', 'transferred_object',
                                 'friendship_with'},
    ('statistics', 'comparator'): {'eq', 'approx', 'gt', 'gte', 'lt', 'lte'},
    'name_kind': {'official', 'short', 'abbreviation', 'former', 'variant', 'translation', 'source_error'},
}
PREFIX_SECTION = {'doc': 'source_documents', 'pl': 'places', 'org': 'organizations', 'per': 'persons',
                  'mem': 'memberships', 'suc': 'successions', 'wk': 'works', 'es': 'event_series', 'ev': 'events',
                  'rel': 'relations', 'st': 'statistics'}
# single-type references: field -> target section
PLAIN_REFS = {
    ('place_parts', 'place'): 'places', ('place_parts', 'part_of'): 'places',
    ('organizations', 'country'): 'places', ('organizations', 'place'): 'places',
    ('organizations', 'parent'): 'organizations', ('persons', 'nationality'): 'places',
    ('memberships', 'organization'): 'organizations',
    ('successions', 'predecessor'): 'organizations', ('successions', 'successor'): 'organizations',
    ('successions', 'legal_act'): 'works', ('works', 'passed_by'): 'organizations', ('works', 'place'): 'places',
    ('works', 'series'): 'event_series', ('events', 'series'): 'event_series', ('events', 'parent'): 'events',
    ('event_places', 'place'): 'places',
}
# typed references: field -> allowed prefixes (None = any)
TYPED_REFS = {
    ('memberships', 'member'): {'per', 'org'}, ('works', 'creator'): {'per', 'org'},
    ('participations', 'agent'): {'per', 'org'}, ('participations', 'target'): {'ev', 'es'},
    ('event_places', 'target'): {'ev', 'es'}, ('relations', 'subject'): None, ('relations', 'object'): None,
    ('statistics', 'subject'): None,
}
DATE_FIELDS = {'published', 'written', 'valid', 'founded', 'dissolved', 'born', 'died', 'date', 'as_of'}
OPTIONAL_SRC = {'participations', 'event_places'}

# EDTF shapes listed in data/README.md
_Y = r'-?\d{4}'
_DAY = r'\d{4}(?:-\d{2}(?:-\d{2})?)?[?~%]?'
_UNS = r'\d{2}(?:\d{2}|\dX|XX)[?~%]?'
_ONE = r'(?:%s|%s)' % (_DAY, _UNS)
EDTF = re.compile(r'^(?:%s|%s?/%s?|%s/\.\.|\.\./%s|\[\.\.%s\]|\[%s\.\.\]|\[%s\.\.%s\]|\[%s(?:,%s)+\])$' % (
    _ONE, _ONE, _ONE, _ONE, _ONE, _ONE, _ONE, _ONE, _ONE, _ONE, _ONE))

errors = []


def err(msg):
    errors.append(msg)


def main():
    files = sorted(glob.glob(os.path.join(DATA, '*.yaml')))
    sections = defaultdict(list)     # section -> [(file, record)]
    for f in files:
        with open(f, encoding='utf-8') as fh:
            d = yaml.safe_load(fh)
        if d is None:
            continue
        if not isinstance(d, dict):
            err('%s: not a mapping' % f)
            continue
        for sec, recs in d.items():
            if sec == 'documents':
                sec = 'source_documents'   # the older name of the section
            if sec not in KEYS:
                err('%s: unknown section %s' % (f, sec))
                continue
            for r in recs:
                sections[sec].append((f, r))

    # slugs
    slugs = defaultdict(set)
    for sec, recs in sections.items():
        for f, r in recs:
            s = r.get('slug')
            if not isinstance(s, str) or not SLUG.match(s):
                err('%s: bad slug %r' % (sec, s))
            elif s in slugs[sec]:
                err('%s: duplicate slug %s' % (sec, s))
            slugs[sec].add(s)

    # document texts
    doc_lines = {}
    for f, d in sections['source_documents']:
        if ('text_file' in d) == ('text' in d):
            err('document %s: needs exactly one of text_file, text' % d['slug'])
        if 'text_file' in d:
            with open(os.path.join(os.path.dirname(f), d['text_file']), encoding='utf-8', newline='') as fh:
                text = fh.read()
        else:
            text = d.get('text', '')
        doc_lines[d['slug']] = text.split('\n')

    n_cites = 0
    enum_values = defaultdict(set)
    citation_fields = set()

    def check_ref(sec, key, value, slug):
        if (sec, key) in PLAIN_REFS:
            if value not in slugs[PLAIN_REFS[(sec, key)]]:
                err('%s/%s: %s=%r does not resolve' % (sec, slug, key, value))
        elif (sec, key) in TYPED_REFS:
            prefix, _, target = str(value).partition('.')
            allowed = TYPED_REFS[(sec, key)]
            if prefix not in PREFIX_SECTION or (allowed and prefix not in allowed):
                err('%s/%s: %s=%r has a bad prefix' % (sec, slug, key, value))
            elif target not in slugs[PREFIX_SECTION[prefix]]:
                err('%s/%s: %s=%r does not resolve' % (sec, slug, key, value))

    def check_src(where, src, basis, required):
        nonlocal n_cites
        if src is None:
            src = []
        if not isinstance(src, list):
            err('%s: src is not a list' % where)
            return
        has_quote = False
        for e in src:
            c = None
            if isinstance(e, str):
                c = e
            elif isinstance(e, dict):
                bad = set(e) - CITATION_KEYS
                if bad:
                    err('%s: unknown citation keys %s' % (where, sorted(bad)))
                if not ('cite' in e or 'basis' in e or 'note' in e):
                    err('%s: citation without cite/basis/note' % where)
                if 'basis' in e and e['basis'] not in ENUMS['basis']:
                    err('%s: bad citation basis %r' % (where, e['basis']))
                if 'field' in e:
                    citation_fields.add(e['field'])
                c = e.get('cite')
            else:
                err('%s: bad citation %r' % (where, e))
            if c is None:
                continue
            n_cites += 1
            m = CITE.match(c)
            if not m:
                err('%s: malformed cite %r' % (where, c))
                continue
            doc, line, quote = m.group(1), int(m.group(2)), m.group(3)
            lines = doc_lines.get(doc)
            if lines is None:
                err('%s: unknown document %s' % (where, doc))
            elif not 1 <= line <= len(lines) or quote not in lines[line - 1]:
                err('%s: quote not on %s:%d: %r' % (where, doc, line, quote))
            else:
                has_quote = True
        if required and not src:
            err('%s: no citation' % where)
        if required and (basis or 'stated') == 'stated' and not has_quote:
            err('%s: basis stated but no quote' % where)

    def quotes(src):
        out = []
        for e in src or []:
            c = e if isinstance(e, str) else (e.get('cite') if isinstance(e, dict) else None)
            m = CITE.match(c) if isinstance(c, str) else None
            if m:
                out.append(m.group(3).replace('\u00a0', ' ').lower())
        return out

    def strings(v, path):
        if isinstance(v, str):
            yield path, v
        elif isinstance(v, list):
            for i, x in enumerate(v):
                yield from strings(x, '%s[%d]' % (path, i))
        elif isinstance(v, dict):
            for k, x in v.items():
                yield from strings(x, '%s.%s' % (path, k) if path else k)

    def check_display(where, r):
        # display-ready data: no checklist codes, no curation remarks in names, verbatim
        # fields found in a quote, stated name variants found in a quote, `current` quoted
        for path, text in strings(r, ''):
            if re.search(r'AMB-\d', text):
                err('%s.%s: internal checklist code in public data' % (where, path))
            if path.split('.')[-1] in ('name', 'title') and re.search(r'\(name (not given|inferred)', text):
                err('%s.%s: curation remark in a name (use name_status)' % (where, path))
        own = quotes(r.get('src'))
        if 'value_text' in r and not any(str(r['value_text']).lower() in q for q in own):
            err('%s: value_text is not verbatim in a quote' % where)
        for n in r.get('names') or []:
            if (n.get('basis') or 'stated') == 'stated':
                name = n.get('name', '').replace('\u00a0', ' ').lower()
                if not any(name in q for q in quotes(n.get('src')) + own):
                    err('%s: stated name %r in no quote' % (where, n.get('name')))
        for e in r.get('src') or []:
            if isinstance(e, dict) and e.get('field') == 'current' and 'cite' not in e:
                err('%s: a current citation needs a quote' % where)

    def check_date(where, v):
        if not isinstance(v, str) or not EDTF.match(v):
            err('%s: not a supported EDTF date %r' % (where, v))

    n_names = 0
    name_kinds = set()
    for sec, recs in sections.items():
        allowed = set(COMMON) | set(KEYS[sec])
        for f, r in recs:
            slug = r.get('slug')
            where = '%s/%s' % (sec, slug)
            bad = set(r) - allowed
            if bad:
                err('%s: undocumented keys %s' % (where, sorted(bad)))
            for k in REQUIRED[sec]:
                if k not in r:
                    err('%s: missing %s' % (where, k))
            if sec == 'relations' and ('object' in r) == ('object_literal' in r):
                err('%s: needs exactly one of object, object_literal' % where)
            if 'basis' in r and r['basis'] not in ENUMS['basis']:
                err('%s: bad basis %r' % (where, r['basis']))
            for k, v in r.items():
                check_ref(sec, k, v, slug)
                if k in DATE_FIELDS:
                    check_date('%s.%s' % (where, k), v)
                if (sec, k) in ENUMS:
                    enum_values[(sec, k)].add(v)
                    if v not in ENUMS[(sec, k)]:
                        err('%s: %s=%r not in the documented enum' % (where, k, v))
                if k in ('frequency', 'disciplines', 'formats', 'occupations', 'legislation_type', 'indicator',
                         'unit', 'per', 'language', 'kind', 'role', 'predicate', 'comparator', 'iso_status'):
                    for x in (v if isinstance(v, list) else [v]):
                        enum_values[(sec, k)].add(x)
                if k in ('aggregate', 'open_list') and not isinstance(v, bool):
                    err('%s: %s must be a bool' % (where, k))
                if k in ('value', 'ordinal', 'edition_number') and not (isinstance(v, int) and
                                                                         not isinstance(v, bool)):
                    err('%s: %s must be an integer' % (where, k))
            for n in r.get('names') or []:
                n_names += 1
                bad = set(n) - NAME_KEYS
                if bad:
                    err('%s: undocumented name keys %s' % (where, sorted(bad)))
                if n.get('kind') not in ENUMS['name_kind']:
                    err('%s: bad name kind %r' % (where, n.get('kind')))
                name_kinds.add(n.get('kind'))
                if 'valid' in n:
                    check_date('%s.names.valid' % where, n['valid'])
                if 'src' in n:
                    check_src('%s name %r' % (where, n.get('name')), n['src'], n.get('basis'), False)
            check_src(where, r.get('src'), r.get('basis'), sec not in OPTIONAL_SRC)
            check_display(where, r)
    enum_values[('names', 'kind')] = name_kinds
    enum_values[('src', 'field')] = citation_fields

    # succession graph must be acyclic
    graph = defaultdict(list)
    for _, s in sections['successions']:
        graph[s['predecessor']].append(s['successor'])
    state = {}

    def visit(n):
        state[n] = 1
        for m in graph[n]:
            if state.get(m) == 1:
                err('succession cycle through %s' % m)
            elif m not in state:
                visit(m)
        state[n] = 2
    for n in list(graph):
        if n not in state:
            visit(n)

    print('files: %s' % ', '.join(os.path.basename(f) for f in files))
    print('records per section:')
    order = list(KEYS)
    for sec in order:
        print('  %-15s %4d' % (sec, len(sections.get(sec, []))))
    print('  %-15s %4d' % ('name variants', n_names))
    print('cite strings (quotes checked verbatim on their line): %d' % n_cites)
    print('distinct values of enum-like fields:')
    for (sec, k) in sorted(enum_values):
        print('  %s.%s: %s' % (sec, k, ', '.join(sorted(map(str, enum_values[(sec, k)])))))
    if errors:
        print('\n%d ERROR(S):' % len(errors))
        for e in errors:
            print('  ' + e)
        sys.exit(1)
    print('OK: no errors')


if __name__ == '__main__':
    main()
