#!/usr/bin/env python3
"""Convert the reference checklist (seed-records.md) into the bundled dataset (data/*.yaml).

Usage: python3 tools/convert_reference.py [path/to/seed-records.md]

Reads every ```yaml block of the reference (sections 2.1-2.13), converts the records into the
import format described in data/README.md and writes data/documents.yaml, places.yaml,
organizations.yaml, persons.yaml, works.yaml, events.yaml, relations.yaml, statistics.yaml.
The conversion is deterministic; rerunning it overwrites those files.
"""
import os
import re
import sys
from collections import OrderedDict

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, 'data')
DEFAULT_REF = '/work/shared/reference/seed-records.md'

DOC_SLUG = {'A': 'story', 'B': 'compendium'}
PREFIXES = ('doc', 'pl', 'org', 'per', 'mem', 'suc', 'wk', 'es', 'ev', 'rel', 'st')

# Facts that the reference gives only as YAML comments (which a YAML parser drops).
# They are kept as notes so that nothing is lost; keyed by (section, id).
COMMENT_NOTES = {
    ('organizations', 'org.usfs'): 'existed into April 1992, i.e. also in the Russian Federation (AMB-30)',
    ('organizations', 'org.raic'): 'dissolution not stated; successor not stated (AMB-07)',
    ('organizations', 'org.cfa'): 'dissolution not stated',
    ('works', 'wk.decree-1994-04-08'): 'decree number not given',
    ('works', 'wk.leningrad-symphony'): 'place: "created in besieged Leningrad" is the source\'s claim (AMB-55)',
    ('works', 'wk.auscr-aim'): 'the statute is not dated in the source',
    ('event_series', 'es.slavyanski-bazaar'): 'active at the chapter date (2013); start year and editions not given',
}


# ---------------------------------------------------------------- helpers

def cite(s):
    """'A:14 | quote' -> 'story:14 | quote'."""
    m = re.match(r'^([AB]):(\d+) \| (.*)$', s, re.S)
    if not m:
        raise ValueError('bad src string: %r' % s)
    return '%s:%s | %s' % (DOC_SLUG[m.group(1)], m.group(2), m.group(3))


def bare(ref):
    """'org.usfs' -> 'usfs' (single-type foreign key)."""
    if ref is None:
        return None
    p, _, s = ref.partition('.')
    assert p in PREFIXES and s, ref
    return s


def strip_refs(text):
    """Replace typed references inside free text by bare slugs ('transformed into org.usfs')."""
    return re.sub(r'\b(?:%s)\.([a-z0-9][a-z0-9-]*)' % '|'.join(PREFIXES), r'\1', text)


def slugify(text):
    return re.sub(r'[^a-z0-9]+', '-', text.lower()).strip('-')


def doc_refs(text):
    """'A:6' / 'B:12' inside free text -> 'story:6' / 'compendium:12'."""
    return re.sub(r'\b([AB]):(\d+)\b', lambda m: '%s:%s' % (DOC_SLUG[m.group(1)], m.group(2)), text)


def join_notes(*parts):
    parts = [doc_refs(p) for p in parts if p]
    return '; '.join(parts) if parts else None


def entry(cite_s=None, field=None, basis=None, note=None):
    e = OrderedDict()
    if cite_s is not None:
        e['cite'] = cite_s
    if field is not None:
        e['field'] = field
    if basis is not None and basis != 'stated':
        e['basis'] = basis
    if note:
        e['note'] = note
    assert 'cite' in e or 'basis' in e or 'note' in e, (field, basis, note)
    return e


def date_value(value, field, srcs):
    """Convert a reference date (string or {edtf, basis, note, how, src, text}) into an EDTF
    string, appending field citations to srcs. Returns None when the date is not given."""
    if value is None:
        return None
    if isinstance(value, (str, int)):
        return str(value)
    assert isinstance(value, dict), value
    unknown = set(value) - {'edtf', 'basis', 'note', 'how', 'src', 'text'}
    assert not unknown, (field, unknown)
    edtf = value.get('edtf')
    basis = value.get('basis')
    note = join_notes(value.get('note'), strip_refs(value['how']) if value.get('how') else None)
    if value.get('src'):
        for s in value['src']:
            srcs.append(entry(cite(s), field, basis, note))
    elif (basis and basis != 'stated') or note:
        srcs.append(entry(None, field, basis or 'stated', note))
    if edtf in (None, '..'):
        # '..' alone (open, nothing known) is not a date in the target format: the note says it.
        return None
    return str(edtf)


def src_list(strings):
    return [cite(s) for s in (strings or [])]


def put(rec, key, value):
    if value is None:
        return
    if isinstance(value, (list, dict)) and not value:
        return
    rec[key] = value


def add_note(rec_note, extra):
    return join_notes(rec_note, extra)


def check_keys(rec, allowed, where):
    unknown = set(rec) - set(allowed)
    if unknown:
        raise SystemExit('%s %s: unmapped keys %s' % (where, rec.get('id'), sorted(unknown)))


def convert_names(names):
    out = []
    for n in names or []:
        check_keys(n, {'name', 'kind', 'valid', 'lang', 'note', 'basis', 'src'}, 'name')
        r = OrderedDict()
        srcs = src_list(n.get('src'))
        r['name'] = n['name']
        r['kind'] = n['kind']
        put(r, 'valid', date_value(n.get('valid'), 'valid', srcs))
        put(r, 'lang', n.get('lang'))
        put(r, 'note', n.get('note'))
        if n.get('basis') and n['basis'] != 'stated':
            r['basis'] = n['basis']
        put(r, 'src', srcs)
        out.append(r)
    return out


# ---------------------------------------------------------------- load

def load_reference(path):
    text = open(path, encoding='utf-8').read()
    blocks = re.findall(r'```yaml\n(.*?)```', text, re.S)
    merged = OrderedDict()
    for b in blocks:
        d = yaml.safe_load(b)
        for k, v in d.items():
            assert k not in merged, k
            merged[k] = v
    return merged


# ---------------------------------------------------------------- sections

def conv_documents(ref):
    notes = {
        'A': ['reads as a translation from Russian'],
        'B': [],
    }
    out = []
    for d in ref['documents']:
        check_keys(d, {'id', 'file', 'title', 'published_edtf', 'publisher', 'language',
                       'boilerplate_lines', 'collection', 'src'}, 'document')
        r = OrderedDict()
        r['slug'] = DOC_SLUG[d['id']]
        r['title'] = d['title']
        r['file_name'] = d['file']
        put(r, 'collection', d.get('collection'))
        put(r, 'publisher', d.get('publisher'))
        put(r, 'published', d.get('published_edtf'))
        put(r, 'language', d.get('language'))
        r['text_file'] = 'sources/' + d['file']
        note = join_notes('boilerplate lines: ' + ', '.join(str(x) for x in d['boilerplate_lines']),
                          *notes[d['id']])
        put(r, 'note', note)
        srcs = src_list(d.get('src'))
        if d['id'] == 'B':
            srcs.append(entry(None, 'collection', 'external',
                              'the chapter belongs to this collection; not named in the text'))
            srcs.append(entry(None, 'published', None,
                              '"11-04-2013" is DD-MM (11 April) or MM-DD (4 November); one of the two (AMB-41)'))
        r['src'] = srcs
        out.append(r)
    return out


ISO_KEYS = [('a2', 'iso_alpha2'), ('a3', 'iso_alpha3'), ('num', 'iso_numeric'), ('part3', 'iso3166_3'),
            ('iso3166_2', 'iso3166_2'), ('status', 'iso_status')]


def conv_places(ref):
    out = []
    for p in ref['places']:
        check_keys(p, {'id', 'kind', 'name', 'iso', 'valid', 'wikidata', 'basis', 'note', 'names', 'src'}, 'place')
        r = OrderedDict()
        srcs = src_list(p.get('src'))
        r['slug'] = bare(p['id'])
        r['kind'] = p['kind']
        r['name'] = p['name']
        iso = p.get('iso') or {}
        assert set(iso) <= {k for k, _ in ISO_KEYS}, iso
        for k, target in ISO_KEYS:
            if iso.get(k) is not None:
                r[target] = str(iso[k])
        put(r, 'valid', date_value(p.get('valid'), 'valid', srcs))
        put(r, 'wikidata', p.get('wikidata'))
        if p.get('basis') and p['basis'] != 'stated':
            r['basis'] = p['basis']
        put(r, 'note', p.get('note'))
        put(r, 'names', convert_names(p.get('names')))
        if any(iso.get(k) for k in ('a2', 'a3', 'num', 'part3', 'iso3166_2')):
            srcs.append(entry(None, 'iso', 'external'))
        r['src'] = srcs
        out.append(r)
    return out


def conv_place_parts(ref):
    out = []
    for h in ref['place_hierarchy']:
        check_keys(h, {'child', 'parent', 'valid', 'basis', 'note', 'src'}, 'place_hierarchy')
        r = OrderedDict()
        srcs = src_list(h.get('src'))
        r['slug'] = '%s-in-%s' % (bare(h['child']), bare(h['parent']))
        r['place'] = bare(h['child'])
        r['part_of'] = bare(h['parent'])
        put(r, 'valid', date_value(h.get('valid'), 'valid', srcs))
        basis = h.get('basis') or 'stated'
        if basis != 'stated':
            r['basis'] = basis
        put(r, 'note', h.get('note'))
        if basis == 'stated' and h.get('valid') and srcs:
            # the quote states the membership, not its start: the date is the CIS formation
            srcs.append(entry(None, 'valid', 'external', 'the CIS was formed in December 1991 (reference knowledge)'))
        if not srcs:
            srcs = [entry(None, None, basis)]
        r['src'] = srcs
        out.append(r)
    return out


def conv_organizations(ref):
    out = []
    for o in ref['organizations']:
        check_keys(o, {'id', 'name', 'names', 'kind', 'country', 'place', 'parent', 'founded', 'dissolved',
                       'aggregate', 'disciplines', 'purpose', 'description', 'basis', 'note', 'src',
                       'basis_parent', 'basis_country'}, 'organization')
        r = OrderedDict()
        srcs = src_list(o.get('src'))
        r['slug'] = bare(o['id'])
        r['name'] = o['name']
        r['kind'] = o['kind']
        put(r, 'country', bare(o.get('country')))
        put(r, 'place', bare(o.get('place')))
        put(r, 'parent', bare(o.get('parent')))
        put(r, 'founded', date_value(o.get('founded'), 'founded', srcs))
        put(r, 'dissolved', date_value(o.get('dissolved'), 'dissolved', srcs))
        if o.get('aggregate'):
            r['aggregate'] = True
        put(r, 'disciplines', o.get('disciplines'))
        put(r, 'purpose', o.get('purpose'))
        put(r, 'description', o.get('description'))
        if o.get('basis') and o['basis'] != 'stated':
            r['basis'] = o['basis']
        put(r, 'note', add_note(o.get('note'), COMMENT_NOTES.get(('organizations', o['id']))))
        put(r, 'names', convert_names(o.get('names')))
        for f in ('parent', 'country'):
            b = o.get('basis_' + f)
            if b and b != 'stated':
                srcs.append(entry(None, f, b))
        r['src'] = srcs
        out.append(r)
    return out


def conv_org_memberships(ref):
    out = []
    for m in ref['memberships']:
        check_keys(m, {'id', 'member', 'organization', 'role', 'label', 'ordinal', 'valid', 'basis', 'note', 'src'},
                   'membership')
        r = OrderedDict()
        srcs = src_list(m.get('src'))
        r['slug'] = bare(m['id'])
        r['member'] = m['member']
        r['organization'] = bare(m['organization'])
        r['role'] = m['role']
        put(r, 'label', m.get('label'))
        put(r, 'ordinal', m.get('ordinal'))
        put(r, 'valid', date_value(m.get('valid'), 'valid', srcs))
        if m.get('basis') and m['basis'] != 'stated':
            r['basis'] = m['basis']
        put(r, 'note', m.get('note'))
        r['src'] = srcs
        out.append(r)
    return out


def conv_persons(ref, check_back):
    persons, memberships, relations = [], [], []
    for p in ref['persons']:
        check_keys(p, {'id', 'name', 'born', 'died', 'nationality', 'occupations', 'description', 'basis', 'note',
                       'names', 'src', 'posts', 'relations', 'visits', 'created', 'participates_in'}, 'person')
        pslug = bare(p['id'])
        r = OrderedDict()
        srcs = src_list(p.get('src'))
        r['slug'] = pslug
        r['name'] = p['name']
        put(r, 'born', date_value(p.get('born'), 'born', srcs))
        put(r, 'died', date_value(p.get('died'), 'died', srcs))
        nat = p.get('nationality')
        if nat:
            assert set(nat) <= {'place', 'basis', 'note'}, nat
            r['nationality'] = bare(nat['place'])
            if (nat.get('basis') and nat['basis'] != 'stated') or nat.get('note'):
                srcs.append(entry(None, 'nationality', nat.get('basis') or 'stated', nat.get('note')))
        put(r, 'occupations', p.get('occupations'))
        put(r, 'description', p.get('description'))
        if p.get('basis') and p['basis'] != 'stated':
            r['basis'] = p['basis']
        put(r, 'note', p.get('note'))
        put(r, 'names', convert_names(p.get('names')))
        r['src'] = srcs
        persons.append(r)

        for post in p.get('posts') or []:
            assert set(post) <= {'org', 'role', 'label', 'ordinal', 'valid', 'basis', 'note', 'src'}, post
            m = OrderedDict()
            msrcs = src_list(post.get('src'))
            m['slug'] = '%s-%s-%s' % (pslug, post['role'].replace('_', '-'), bare(post['org']))
            m['member'] = p['id']
            m['organization'] = bare(post['org'])
            m['role'] = post['role']
            put(m, 'label', post.get('label'))
            put(m, 'ordinal', post.get('ordinal'))
            put(m, 'valid', date_value(post.get('valid'), 'valid', msrcs))
            if post.get('basis') and post['basis'] != 'stated':
                m['basis'] = post['basis']
            put(m, 'note', post.get('note'))
            m['src'] = msrcs
            memberships.append(m)

        for rel in p.get('relations') or []:
            assert set(rel) <= {'predicate', 'object', 'object_literal', 'label', 'valid', 'basis', 'note', 'src'}, rel
            x = OrderedDict()
            rsrcs = src_list(rel.get('src'))
            obj = bare(rel['object']) if rel.get('object') else slugify(rel['object_literal'])
            x['slug'] = '%s-%s-%s' % (pslug, rel['predicate'].replace('_', '-'), obj)
            x['subject'] = p['id']
            x['predicate'] = rel['predicate']
            if rel.get('object'):
                x['object'] = rel['object']
            else:
                x['object_literal'] = rel['object_literal']
            put(x, 'label', rel.get('label'))
            put(x, 'valid', date_value(rel.get('valid'), 'valid', rsrcs))
            if rel.get('basis') and rel['basis'] != 'stated':
                x['basis'] = rel['basis']
            put(x, 'note', rel.get('note'))
            if not any(isinstance(e, str) or 'cite' in e for e in rsrcs):
                # no own quote: the person's first quote supports the relation too, plus any other quote of
                # the person that names the predicate's verb ("contributed", "advocated", ...)
                stem = rel['predicate'].split('_')[0]
                copied = [cite(p['src'][0])] + [cite(s) for s in p['src'][1:] if stem in s]
                rsrcs[0:0] = copied
            x['src'] = rsrcs
            relations.append(x)

        # back-references: dropped, but the forward records must exist
        for ev in p.get('visits') or []:
            check_back.append(('participation', ev, p['id']))
        for ev in p.get('participates_in') or []:
            check_back.append(('participation', ev, p['id']))
        for wk in p.get('created') or []:
            check_back.append(('creator', wk, p['id']))
    return persons, memberships, relations


def abbreviation(org):
    for kind in ('abbreviation', 'short'):
        for n in org.get('names') or []:
            if n['kind'] == kind:
                return n['name']
    return org['name']


def conv_successions(ref):
    orgs = {o['id']: o for o in ref['organizations']}
    out = []
    for s in ref['successions']:
        check_keys(s, {'id', 'predecessor', 'successor', 'kind', 'date', 'legal_act', 'basis', 'note', 'src'},
                   'succession')
        r = OrderedDict()
        srcs = src_list(s.get('src'))
        r['slug'] = bare(s['id'])
        r['predecessor'] = bare(s['predecessor'])
        r['successor'] = bare(s['successor'])
        r['kind'] = s['kind']
        put(r, 'date', date_value(s.get('date'), 'date', srcs))
        put(r, 'legal_act', bare(s.get('legal_act')))
        if s.get('basis') and s['basis'] != 'stated':
            r['basis'] = s['basis']
        put(r, 'note', s.get('note'))
        r['src'] = srcs
        r['_pred'], r['_succ'] = s['predecessor'], s['successor']
        out.append(r)

    edges = {(r['_pred'], r['_succ']): r for r in out}

    def paths(a, b, seen=()):
        if a == b:
            return [[]]
        res = []
        for (p, q), rec in edges.items():
            if p == a and q not in seen:
                for rest in paths(q, b, seen + (q,)):
                    res.append([rec] + rest)
        return res

    for st in ref.get('lineage_statements', []):
        label = '-'.join(abbreviation(orgs[o]) for o in st['chain'])
        for s in st['src']:
            c = cite(s)
            for a, b in zip(st['chain'], st['chain'][1:]):
                if (a, b) in edges:
                    targets, note = [edges[(a, b)]], 'lineage chain as stated: %s' % label
                else:
                    found = paths(a, b)
                    assert found, ('no succession path', a, b)
                    targets = [rec for path in found for rec in path]
                    skipped = sorted({abbreviation(orgs[rec['_succ']]) for path in found for rec in path[:-1]})
                    note = ('lineage chain as stated: %s; the source goes from %s directly to %s, '
                            'skipping the intermediate %s' % (label, abbreviation(orgs[a]), abbreviation(orgs[b]),
                                                             ', '.join(skipped)))
                for rec in targets:
                    e = entry(c, None, None, note)
                    if c in rec['src']:          # same quote already cited plainly: annotate it instead
                        rec['src'][rec['src'].index(c)] = e
                    else:
                        rec['src'].append(e)
    for r in out:
        del r['_pred'], r['_succ']
    return out


def conv_works(ref, section_items):
    out = []
    for w in section_items:
        check_keys(w, {'id', 'kind', 'title', 'legislation_type', 'identifier', 'date', 'creator', 'passed_by',
                       'place', 'context', 'text', 'language', 'basis', 'note', 'names', 'src'}, 'work')
        r = OrderedDict()
        srcs = src_list(w.get('src'))
        r['slug'] = bare(w['id'])
        r['kind'] = w['kind']
        title = w.get('title') or QUOTE_TITLES[w['id']]
        r['title'] = title
        put(r, 'legislation_type', w.get('legislation_type'))
        put(r, 'identifier', w.get('identifier'))
        put(r, 'date', date_value(w.get('date'), 'date', srcs))
        put(r, 'creator', w.get('creator'))
        pb = w.get('passed_by')
        if pb:
            assert set(pb) <= {'org', 'basis', 'note'}
            r['passed_by'] = bare(pb['org'])
            if (pb.get('basis') and pb['basis'] != 'stated') or pb.get('note'):
                srcs.append(entry(None, 'passed_by', pb.get('basis') or 'stated', pb.get('note')))
        put(r, 'place', bare(w.get('place')))
        put(r, 'series', bare(w.get('context')))
        put(r, 'text', w.get('text'))
        put(r, 'language', w.get('language'))
        if w.get('basis') and w['basis'] != 'stated':
            r['basis'] = w['basis']
        note = add_note(w.get('note'), COMMENT_NOTES.get(('works', w['id'])))
        if not w.get('title'):
            note = add_note(note, 'title constructed by the curator (a quotation has no title in the source)')
        put(r, 'note', note)
        put(r, 'names', convert_names(w.get('names')))
        r['src'] = srcs
        out.append(r)
    return out


# quotations have no title in the reference; the target format requires one
QUOTE_TITLES = {
    'wk.hemingway-1941': 'Ernest Hemingway on the Soviet armed resistance (July 1941)',
    'wk.auscr-aim': 'Statement of the aims of AUSCR',
}


def conv_events(ref):
    series, events, parts, eplaces = [], [], [], []
    part_slugs, place_slugs = set(), set()

    def uniq(slug, seen):
        s, i = slug, 2
        while s in seen:
            s = '%s-%d' % (slug, i)
            i += 1
        seen.add(s)
        return s

    def children(item, target):
        tslug = bare(target)
        for pa in item.get('participants') or []:
            assert set(pa) <= {'person', 'org', 'role', 'label', 'note', 'basis', 'src'}, pa
            agent = pa.get('person') or pa.get('org')
            x = OrderedDict()
            x['slug'] = uniq('%s-%s-%s' % (tslug, pa['role'].replace('_', '-'), bare(agent)), part_slugs)
            x['agent'] = agent
            x['target'] = target
            x['role'] = pa['role']
            put(x, 'label', pa.get('label'))
            if pa.get('basis') and pa['basis'] != 'stated':
                x['basis'] = pa['basis']
            put(x, 'note', pa.get('note'))
            put(x, 'src', src_list(pa.get('src')))
            parts.append(x)
        for pl in item.get('places') or []:
            assert set(pl) <= {'place', 'role', 'basis', 'note', 'src'}, pl
            x = OrderedDict()
            x['slug'] = uniq('%s-%s-%s' % (tslug, pl['role'], bare(pl['place'])), place_slugs)
            x['target'] = target
            x['place'] = bare(pl['place'])
            x['role'] = pl['role']
            if pl.get('basis') and pl['basis'] != 'stated':
                x['basis'] = pl['basis']
            put(x, 'note', pl.get('note'))
            put(x, 'src', src_list(pl.get('src')))
            eplaces.append(x)

    def one_series(s):
        check_keys(s, {'id', 'name', 'title', 'kind', 'frequency', 'disciplines', 'formats', 'date', 'description',
                       'status', 'open_list', 'basis', 'note', 'names', 'src', 'participants', 'places',
                       'editions', 'maps_to'}, 'event_series')
        r = OrderedDict()
        srcs = src_list(s.get('src'))
        r['slug'] = bare(s['id'])
        r['name'] = s.get('name') or s['title']
        r['kind'] = s['kind']
        put(r, 'frequency', s.get('frequency'))
        put(r, 'disciplines', s.get('disciplines'))
        put(r, 'formats', s.get('formats'))
        put(r, 'date', date_value(s.get('date'), 'date', srcs))
        put(r, 'description', s.get('description'))
        put(r, 'status', s.get('status'))
        if s.get('open_list'):
            r['open_list'] = True
        if s.get('basis') and s['basis'] != 'stated':
            r['basis'] = s['basis']
        put(r, 'note', add_note(s.get('note'), COMMENT_NOTES.get(('event_series', s['id']))))
        put(r, 'names', convert_names(s.get('names')))
        r['src'] = srcs
        series.append(r)
        children(s, s['id'])

    def one_event(e):
        check_keys(e, {'id', 'title', 'kind', 'series', 'parent', 'edition_number', 'date', 'theme', 'description',
                       'aggregate', 'open_list', 'basis', 'note', 'src', 'participants', 'places', 'maps_to',
                       'object'}, 'event')
        r = OrderedDict()
        srcs = src_list(e.get('src'))
        r['slug'] = bare(e['id'])
        r['title'] = e['title']
        r['kind'] = e['kind']
        put(r, 'series', bare(e.get('series')))
        put(r, 'parent', bare(e.get('parent')))
        put(r, 'edition_number', e.get('edition_number'))
        put(r, 'date', date_value(e.get('date'), 'date', srcs))
        put(r, 'theme', e.get('theme'))
        put(r, 'description', e.get('description'))
        if e.get('aggregate'):
            r['aggregate'] = True
        if e.get('open_list'):
            r['open_list'] = True
        if e.get('basis') and e['basis'] != 'stated':
            r['basis'] = e['basis']
        put(r, 'note', e.get('note'))
        r['src'] = srcs
        events.append(r)
        children(e, e['id'])
        if e.get('object'):
            # the moved object is the relation transferred_object (section 2.12)
            assert any(rel['subject'] == e['id'] and rel['predicate'] == 'transferred_object'
                       and rel['object'] == e['object'] for rel in ref['relations']), e['id']

    for s in ref['event_series']:
        one_series(s)
    for e in ref['events']:
        one_event(e)
    for x in ref['exchanges']:
        if x['maps_to'] == 'event':
            one_event(x)
        elif x['maps_to'] == 'event_series':
            one_series(x)
        else:
            raise SystemExit('unknown maps_to %r' % x['maps_to'])

    # editions lists are back-references of event.series: check they agree
    for s in ref['event_series'] + [x for x in ref['exchanges'] if x['maps_to'] == 'event_series']:
        for ed in s.get('editions') or []:
            assert any(e['slug'] == bare(ed) and e.get('series') == bare(s['id']) for e in events), ed
    return series, events, parts, eplaces


def conv_relations(ref):
    out = []
    for rel in ref['relations']:
        check_keys(rel, {'id', 'subject', 'predicate', 'object', 'object_literal', 'label', 'valid', 'basis', 'note',
                         'src'}, 'relation')
        r = OrderedDict()
        srcs = src_list(rel.get('src'))
        r['slug'] = bare(rel['id'])
        r['subject'] = rel['subject']
        r['predicate'] = rel['predicate']
        put(r, 'object', rel.get('object'))
        put(r, 'object_literal', rel.get('object_literal'))
        put(r, 'label', rel.get('label'))
        put(r, 'valid', date_value(rel.get('valid'), 'valid', srcs))
        if rel.get('basis') and rel['basis'] != 'stated':
            r['basis'] = rel['basis']
        put(r, 'note', rel.get('note'))
        r['src'] = srcs
        out.append(r)
    return out


def conv_statistics(ref):
    out = []
    for st in ref['statistics']:
        check_keys(st, {'id', 'subject', 'indicator', 'value', 'comparator', 'unit', 'per', 'value_text', 'as_of',
                        'basis', 'note', 'src'}, 'statistic')
        r = OrderedDict()
        srcs = src_list(st.get('src'))
        r['slug'] = bare(st['id'])
        r['subject'] = st['subject']
        r['indicator'] = st['indicator']
        r['value'] = int(st['value'])
        r['comparator'] = st['comparator']
        put(r, 'unit', st.get('unit'))
        put(r, 'per', st.get('per'))
        r['value_text'] = st['value_text']
        a = st.get('as_of')
        put(r, 'as_of', date_value(a, 'as_of', srcs))
        if isinstance(a, dict):
            put(r, 'as_of_text', a.get('text'))
        if st.get('basis') and st['basis'] != 'stated':
            r['basis'] = st['basis']
        put(r, 'note', st.get('note'))
        r['src'] = srcs
        out.append(r)
    return out


# ---------------------------------------------------------------- output

class Flow(list):
    pass


class FlowMap(OrderedDict):
    pass


class Dumper(yaml.SafeDumper):
    pass


def _odict(d, data):
    return d.represent_mapping('tag:yaml.org,2002:map', data.items(), flow_style=False)


Dumper.add_representer(OrderedDict, _odict)
Dumper.add_representer(Flow, lambda d, v: d.represent_sequence('tag:yaml.org,2002:seq', v, flow_style=True))
Dumper.add_representer(FlowMap, lambda d, v: d.represent_mapping('tag:yaml.org,2002:map', v.items(),
                                                                   flow_style=True))


def _flat_len(v):
    if isinstance(v, dict):
        return sum(len(str(k)) + _flat_len(x) + 4 for k, x in v.items())
    if isinstance(v, list):
        return sum(_flat_len(x) + 2 for x in v)
    return len(str(v)) + 2


def styled(v, depth=0):
    """Records stay block style; short scalar lists and short nested mappings become flow style."""
    if isinstance(v, dict):
        items = OrderedDict((k, styled(x, depth + 1)) for k, x in v.items())
        if depth >= 4 and all(not isinstance(x, (list, dict)) or isinstance(x, Flow) for x in items.values()) \
                and _flat_len(v) <= 90:
            return FlowMap(items)
        return items
    if isinstance(v, list):
        items = [styled(x, depth + 1) for x in v]
        if depth >= 1 and all(not isinstance(x, (list, dict)) for x in items) and _flat_len(v) <= 90:
            return Flow(items)
        return items
    return v


INT_KEYS = {'value', 'ordinal', 'edition_number'}


def write(name, sections, header):
    path = os.path.join(DATA, name)
    body = OrderedDict((k, v) for k, v in sections)
    text = yaml.dump(styled(body), Dumper=Dumper, sort_keys=False, allow_unicode=True, width=120,
                     default_flow_style=False)
    # YAML 1.2 readers take a plain 008 or 25,000 as a number: quote digit-only string values
    text = re.sub(r"^(\s*[a-z_0-9]+: )([0-9][0-9,]*)$",
                  lambda m: m.group(0) if m.group(1).strip()[:-1] in INT_KEYS else "%s'%s'" % (m.group(1), m.group(2)),
                  text, flags=re.M)
    with open(path, 'w', encoding='utf-8') as f:
        f.write('# %s\n# Generated by tools/convert_reference.py from the reference checklist; see data/README.md.\n'
                % header)
        f.write(text)
    return path


def main():
    ref = load_reference(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_REF)
    expected = {'documents', 'places', 'place_hierarchy', 'organizations', 'persons', 'memberships', 'successions',
                'lineage_statements', 'works', 'quotes', 'event_series', 'events', 'exchanges', 'relations',
                'statistics'}
    assert set(ref) == expected, set(ref) ^ expected

    back = []
    documents = conv_documents(ref)
    places = conv_places(ref)
    place_parts = conv_place_parts(ref)
    organizations = conv_organizations(ref)
    persons, posts, person_relations = conv_persons(ref, back)
    memberships = posts + conv_org_memberships(ref)
    successions = conv_successions(ref)
    works = conv_works(ref, ref['works'] + ref['quotes'])
    series, events, parts, eplaces = conv_events(ref)
    relations = conv_relations(ref)
    statistics = conv_statistics(ref)

    for kind, target, person in back:
        if kind == 'participation':
            assert any(p['agent'] == person and p['target'] == target for p in parts), (target, person)
        else:
            assert any(w['slug'] == bare(target) and w.get('creator') == person for w in works), (target, person)

    write('documents.yaml', [('source_documents', documents)], 'Source documents')
    write('places.yaml', [('places', places), ('place_parts', place_parts)], 'Places and dated containment')
    write('organizations.yaml', [('organizations', organizations), ('successions', successions),
                                 ('memberships', conv_org_memberships(ref))],
          'Organizations, lineage and memberships between organizations')
    write('persons.yaml', [('persons', persons), ('memberships', posts), ('relations', person_relations)],
          'Persons, the posts they held and person-level relations')
    write('works.yaml', [('works', works)], 'Works: legal acts, quotations, a musical work')
    write('events.yaml', [('event_series', series), ('events', events), ('participations', parts),
                          ('event_places', eplaces)], 'Event series, events (including exchanges), participations, places')
    write('relations.yaml', [('relations', relations)], 'Relations between organizations, places, events and works')
    write('statistics.yaml', [('statistics', statistics)], 'Statistics stated about records')
    print('documents %d, places %d, place_parts %d, organizations %d, persons %d, memberships %d (%d posts), '
          'successions %d, works %d, event_series %d, events %d, participations %d, event_places %d, '
          'relations %d (%d person-level), statistics %d' % (
              len(documents), len(places), len(place_parts), len(organizations), len(persons), len(memberships),
              len(posts), len(successions), len(works), len(series), len(events), len(parts), len(eplaces),
              len(relations) + len(person_relations), len(person_relations), len(statistics)))


if __name__ == '__main__':
    main()
