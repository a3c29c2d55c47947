// Writes e2e/fixture/incidents.json: invented reports (French and English)
// with their incidents, claims and mention spans. Offsets are computed here,
// in UTF-8 bytes as the pipeline gives them, so the texts can be edited
// freely. Run: node e2e/make-fixture.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Byte span of the n-th occurrence of `needle` in `text`. */
function span(text, needle, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not in text`);
  }
  const start = Buffer.byteLength(text.slice(0, at));
  return { text: needle, start, end: start + Buffer.byteLength(needle) };
}

const docs = [];
function doc(id, language, published, title, source, text, mentions) {
  const d = {
    id, language, published, title, source, url: null, text,
    mentions: mentions.map(([kind, needle, value]) => {
      const s = span(text, needle);
      return { kind, value, start: s.start, end: s.end, text: s.text };
    }),
  };
  docs.push(d);
  return d;
}
const meta = (d) => ({
  id: d.id, language: d.language, published: d.published, title: d.title, source: d.source, url: d.url,
});
const fig = (d, needle, value, qualifier, category, high) => ({
  value, ...(high ? { high } : {}), qualifier, category, evidence: span(d.text, needle),
});

// --- Mali, Gao region: two sides, two figures -------------------------------
const gaoText =
  "Des combats ont opposé mardi l'armée malienne à des hommes armés près de Gao. " +
  "Selon un communiqué de l'état-major, une vingtaine de terroristes ont été neutralisés. " +
  "Un élu local affirme de son côté que 12 civils ont été tués, dont 3 femmes, et que des dizaines de blessés ont été évacués.";
const gao = doc('gao-fr-1', 'fr', '2025-03-06', 'Combats près de Gao', 'Le Républicain du Nord', gaoText, [
  ['trigger', 'combats', { event_type: 'Battles', sub_event_type: 'Armed clash' }],
  ['time', 'mardi', { start: '2025-03-04', end: '2025-03-04', time_precision: 1 }],
  ['actor', "l'armée malienne", { name: 'Military Forces of Mali', inter: 1 }],
  ['place', 'Gao', { geonameid: 2457163, name: 'Gao', country_code: 'ML', admin1: 'Gao', latitude: 16.2717, longitude: -0.0447 }],
  ['cue', 'Selon', { speaker: 'Military Forces of Mali' }],
  ['quantity', 'une vingtaine de terroristes', { value: 20, qualifier: 'about', category: 'combatants', outcome: 'killed' }],
  ['cue', 'affirme', { speaker: 'local official' }],
  ['quantity', '12 civils', { value: 12, qualifier: 'exact', category: 'civilians', outcome: 'killed' }],
  ['quantity', 'des dizaines de blessés', { value: 10, qualifier: 'vague', category: 'unknown', outcome: 'injured' }],
]);

// --- Burkina Faso, Djibo: a text with markup that must stay text -------------
const djiboText =
  "Gunmen attacked a market near Djibo on Saturday, officials said. " +
  "The regional governor said at least 15 civilians were killed. " +
  "A humanitarian group, quoting survivors, put the toll at about 30 dead and 40 injured. " +
  "A pasted web snippet followed: <script>window.__pwned=1</script> <b>bold claim</b> " +
  "<img src=x onerror=\"window.__pwned=2\"> & \"quotes\" stayed as text.";
const djibo = doc('djibo-en-1', 'en', '2025-03-10', 'Market attack near Djibo', 'Sahel Wire', djiboText, [
  ['trigger', 'attacked', { event_type: 'Violence against civilians', sub_event_type: 'Attack' }],
  ['place', 'Djibo', { geonameid: 2359304, name: 'Djibo', country_code: 'BF', admin1: 'Sahel', latitude: 14.1022, longitude: -1.6306 }],
  ['time', 'Saturday', { start: '2025-03-08', end: '2025-03-08', time_precision: 1 }],
  ['cue', 'The regional governor said', { speaker: 'regional governor' }],
  ['quantity', 'at least 15 civilians', { value: 15, qualifier: 'at_least', category: 'civilians', outcome: 'killed' }],
  ['cue', 'quoting survivors', { speaker: 'humanitarian group' }],
  ['quantity', 'about 30 dead', { value: 30, qualifier: 'about', category: 'civilians', outcome: 'killed' }],
  ['quantity', '40 injured', { value: 40, qualifier: 'exact', category: 'civilians', outcome: 'injured' }],
]);

// --- Niger, Tillabéri: one French report reprinted by a second outlet ------
const tillaText =
  "Quatre soldats nigériens ont été tués et six autres blessés jeudi par l'explosion d'un engin " +
  "explosif improvisé au passage de leur convoi, près de Tillabéri, a annoncé le ministère de la Défense.";
const tilla = doc('tillaberi-fr-1', 'fr', '2025-03-21', 'Un convoi touché près de Tillabéri', 'Agence Sahel Presse', tillaText, [
  ['quantity', 'Quatre soldats', { value: 4, qualifier: 'exact', category: 'soldiers', outcome: 'killed' }],
  ['quantity', 'six autres', { value: 6, qualifier: 'exact', category: 'soldiers', outcome: 'injured' }],
  ['time', 'jeudi', { start: '2025-03-20', end: '2025-03-20', time_precision: 1 }],
  ['trigger', 'engin explosif improvisé', { event_type: 'Explosions/Remote violence', sub_event_type: 'Remote explosive/landmine/IED' }],
  ['place', 'Tillabéri', { geonameid: 2439376, name: 'Tillabéri', country_code: 'NE', admin1: 'Tillabéri', latitude: 14.2117, longitude: 1.4531 }],
  ['cue', 'a annoncé', { speaker: 'Ministry of Defence (Niger)' }],
]);
const tillaReprint = doc('tillaberi-fr-2', 'fr', '2025-03-21', 'Tillabéri : quatre soldats tués', 'Le Quotidien du Fleuve', tillaText, []);

// --- Mali, Ménaka: an abduction with a vague figure --------------------------
const menakaText =
  "Several villagers were abducted on February 20 near Ménaka by men on motorbikes, and two who resisted were killed, residents said.";
const menaka = doc('menaka-en-1', 'en', '2025-02-22', 'Abductions near Ménaka', 'Sahel Wire', menakaText, [
  ['quantity', 'Several villagers', { value: null, qualifier: 'vague', category: 'civilians', outcome: 'abducted' }],
  ['trigger', 'abducted', { event_type: 'Violence against civilians', sub_event_type: 'Abduction/forced disappearance' }],
  ['time', 'February 20', { start: '2025-02-20', end: '2025-02-20', time_precision: 1 }],
  ['place', 'Ménaka', { geonameid: 2454530, name: 'Ménaka', country_code: 'ML', admin1: 'Ménaka', latitude: 15.9182, longitude: 2.4022 }],
  ['quantity', 'two who resisted', { value: 2, qualifier: 'exact', category: 'civilians', outcome: 'killed' }],
  ['cue', 'residents said', { speaker: 'residents' }],
]);

const loc = (d, needle, m) => ({
  name: m.name, geonameid: m.geonameid, country_code: m.country_code, country: m.country,
  admin1: m.admin1, admin2: null, latitude: m.latitude, longitude: m.longitude,
  geo_precision: 1, evidence: span(d.text, needle),
});
const date = (d, needle, day) => ({ start: day, end: day, time_precision: 1, evidence: span(d.text, needle) });

const incidents = [
  {
    id: 1, event_type: 'Battles', sub_event_type: 'Armed clash',
    date: date(gao, 'mardi', '2025-03-04'),
    location: loc(gao, 'Gao', { name: 'Gao', geonameid: 2457163, country_code: 'ML', country: 'Mali', admin1: 'Gao', latitude: 16.2717, longitude: -0.0447 }),
    actors: [
      { name: 'Military Forces of Mali', role: 'actor1', inter: 1, evidence: [span(gaoText, "l'armée malienne")] },
      { name: 'Unidentified Armed Group (Mali)', role: 'actor2', inter: 3, evidence: [span(gaoText, 'hommes armés')] },
    ],
    civilian_targeting: false,
    fatalities: { low: 12, best: 20, high: 32, acled: 12 },
    claims: [
      { claimant: { name: 'Military Forces of Mali', kind: 'party' }, cue: span(gaoText, 'Selon un communiqué de l\'état-major'),
        killed: fig(gao, 'une vingtaine de terroristes', 20, 'about', 'combatants'), injured: null, document_id: gao.id },
      { claimant: { name: 'local official', kind: 'local_source' }, cue: span(gaoText, 'Un élu local affirme'),
        killed: fig(gao, '12 civils', 12, 'exact', 'civilians'), injured: fig(gao, 'des dizaines de blessés', 10, 'vague', 'unknown'),
        document_id: gao.id },
    ],
    documents: [meta(gao)],
    notes: 'The army reports about 20 combatants killed; a local official reports 12 civilians killed.',
  },
  {
    id: 2, event_type: 'Violence against civilians', sub_event_type: 'Attack',
    date: date(djibo, 'Saturday', '2025-03-08'),
    location: loc(djibo, 'Djibo', { name: 'Djibo', geonameid: 2359304, country_code: 'BF', country: 'Burkina Faso', admin1: 'Sahel', latitude: 14.1022, longitude: -1.6306 }),
    actors: [
      { name: 'Unidentified Armed Group (Burkina Faso)', role: 'actor1', inter: 3, evidence: [span(djiboText, 'Gunmen')] },
      { name: 'Civilians (Burkina Faso)', role: 'actor2', inter: 7, evidence: [] },
    ],
    civilian_targeting: true,
    fatalities: { low: 15, best: 30, high: 30, acled: 15 },
    claims: [
      { claimant: { name: 'regional governor', kind: 'official' }, cue: span(djiboText, 'The regional governor said'),
        killed: fig(djibo, 'at least 15 civilians', 15, 'at_least', 'civilians'), injured: null, document_id: djibo.id },
      { claimant: { name: 'humanitarian group', kind: 'ngo' }, cue: span(djiboText, 'quoting survivors'),
        killed: fig(djibo, 'about 30 dead', 30, 'about', 'civilians'), injured: fig(djibo, '40 injured', 40, 'exact', 'civilians'),
        document_id: djibo.id },
    ],
    documents: [meta(djibo)],
    notes: 'Officials report at least 15 civilians killed; an NGO reports about 30.',
  },
  {
    id: 3, event_type: 'Explosions/Remote violence', sub_event_type: 'Remote explosive/landmine/IED',
    date: date(tilla, 'jeudi', '2025-03-20'),
    location: loc(tilla, 'Tillabéri', { name: 'Tillabéri', geonameid: 2439376, country_code: 'NE', country: 'Niger', admin1: 'Tillabéri', latitude: 14.2117, longitude: 1.4531 }),
    actors: [
      { name: 'Unidentified Armed Group (Niger)', role: 'actor1', inter: 3, evidence: [] },
      { name: 'Military Forces of Niger', role: 'actor2', inter: 1, evidence: [span(tillaText, 'soldats nigériens')] },
    ],
    civilian_targeting: false,
    fatalities: { low: 4, best: 4, high: 4, acled: 4 },
    claims: [
      { claimant: { name: 'Ministry of Defence (Niger)', kind: 'official' }, cue: span(tillaText, 'a annoncé le ministère de la Défense'),
        killed: fig(tilla, 'Quatre soldats', 4, 'exact', 'soldiers'), injured: fig(tilla, 'six autres', 6, 'exact', 'soldiers'),
        document_id: tilla.id, reprinted_in: [tillaReprint.id] },
    ],
    documents: [meta(tilla), meta(tillaReprint)],
    notes: 'The ministry reports 4 soldiers killed and 6 injured; reprinted by a second outlet.',
  },
  {
    id: 4, event_type: 'Violence against civilians', sub_event_type: 'Abduction/forced disappearance',
    date: date(menaka, 'February 20', '2025-02-20'),
    location: loc(menaka, 'Ménaka', { name: 'Ménaka', geonameid: 2454530, country_code: 'ML', country: 'Mali', admin1: 'Ménaka', latitude: 15.9182, longitude: 2.4022 }),
    actors: [
      { name: 'Unidentified Armed Group (Mali)', role: 'actor1', inter: 3, evidence: [span(menakaText, 'men on motorbikes')] },
      { name: 'Civilians (Mali)', role: 'actor2', inter: 7, evidence: [span(menakaText, 'villagers')] },
    ],
    civilian_targeting: true,
    fatalities: { low: 2, best: 2, high: 2, acled: 2 },
    claims: [
      { claimant: { name: 'residents', kind: 'local_source' }, cue: span(menakaText, 'residents said'),
        killed: fig(menaka, 'two who resisted', 2, 'exact', 'civilians'), injured: null, document_id: menaka.id },
    ],
    documents: [meta(menaka)],
    notes: 'Residents report several villagers abducted and two killed.',
  },
];

const out = join(here, 'fixture', 'incidents.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ incidents, documents: docs }, null, 1) + '\n');
console.log(`wrote ${out}: ${incidents.length} incidents, ${docs.length} documents`);
