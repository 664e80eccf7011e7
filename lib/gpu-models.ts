/**
 * Canonical GPU models and the aliases networks publish for them.
 *
 * Networks spell one card many ways (`NVIDIA H100 80GB HBM3`, `H100_SXM5`, `h100` + `80Gi` +
 * `SXM5`). Prices only compare when the card really is the same, so the canonical id keeps
 * SXM apart from PCIe and NVL, and memory sizes apart (an A100 40GB is not an A100 80GB, and a
 * modded 48GB RTX 4090 is not a stock one). A name we cannot place is kept verbatim as
 * `unknown:<name>`, counted on the data-quality list, and never dropped.
 */

export type FormFactor = 'sxm' | 'pcie' | 'nvl';

interface Family {
  /** Id stem, e.g. `h100`, `rtx-4090`. */
  id: string;
  label: string;
  /** Memory sizes this card ships with, in GB; the first is assumed when a name omits it and there is only one. */
  memoriesGb: readonly number[];
  /** True where SXM and PCIe (or NVL) variants differ enough to price apart. */
  formFactors?: readonly FormFactor[];
  /** Which form factor a given memory implies, where only one exists (H100 94GB is NVL). */
  formFactorByMemory?: Readonly<Record<number, FormFactor>>;
  /** Which memory a form factor implies when the name omits it. */
  memoryByFormFactor?: Readonly<Partial<Record<FormFactor, number>>>;
  /** Other sizes published for the same card (B200 is sold as 180GB and quoted as 192GB): same id. */
  sameCardMemoriesGb?: readonly number[];
  /** Form factor of a bare name: nvidia-smi calls the NVL card `H200 NVL`, so `H200` is SXM. */
  defaultFormFactor?: FormFactor;
}

/** Data-centre families matched by their model number, most specific first. */
const DATACENTER: readonly (Family & { pattern: RegExp })[] = [
  { id: 'gb300', label: 'GB300', memoriesGb: [288], pattern: /\bgb300\b/ },
  { id: 'gb200', label: 'GB200', memoriesGb: [186], pattern: /\bgb200\b/ },
  { id: 'gh200', label: 'GH200', memoriesGb: [96, 144], pattern: /\bgh200\b/ },
  { id: 'b300', label: 'B300', memoriesGb: [288], sameCardMemoriesGb: [262, 270], pattern: /\bb300\b/ },
  { id: 'b200', label: 'B200', memoriesGb: [180], sameCardMemoriesGb: [192], pattern: /\bb200\b/ },
  {
    id: 'h200',
    label: 'H200',
    memoriesGb: [141],
    formFactors: ['sxm', 'nvl'],
    defaultFormFactor: 'sxm',
    pattern: /\bh200\b/,
  },
  {
    id: 'h100',
    label: 'H100',
    memoriesGb: [80, 94],
    formFactors: ['sxm', 'pcie', 'nvl'],
    formFactorByMemory: { 94: 'nvl' },
    memoryByFormFactor: { sxm: 80, pcie: 80, nvl: 94 },
    pattern: /\bh100\b/,
  },
  { id: 'h800', label: 'H800', memoriesGb: [80], formFactors: ['sxm', 'pcie'], pattern: /\bh800\b/ },
  { id: 'a100', label: 'A100', memoriesGb: [80, 40], formFactors: ['sxm', 'pcie'], pattern: /\ba100\b/ },
  { id: 'a800', label: 'A800', memoriesGb: [80, 40], formFactors: ['sxm', 'pcie'], pattern: /\ba800\b/ },
  { id: 'l40s', label: 'L40S', memoriesGb: [48], pattern: /\bl40s\b/ },
  { id: 'l40', label: 'L40', memoriesGb: [48], pattern: /\bl40\b/ },
  { id: 'l4', label: 'L4', memoriesGb: [24], pattern: /\bl4\b/ },
  { id: 'a10g', label: 'A10G', memoriesGb: [24], pattern: /\ba10g\b/ },
  { id: 'a10', label: 'A10', memoriesGb: [24], pattern: /\ba10\b/ },
  { id: 'a40', label: 'A40', memoriesGb: [48], pattern: /\ba40\b/ },
  { id: 'a30', label: 'A30', memoriesGb: [24], pattern: /\ba30\b/ },
  { id: 'a16', label: 'A16', memoriesGb: [64], pattern: /\ba16\b/ },
  { id: 't4', label: 'T4', memoriesGb: [16], pattern: /\bt4\b/ },
  { id: 'v100', label: 'V100', memoriesGb: [16, 32], pattern: /\bv100s?\b/ },
  { id: 'p40', label: 'P40', memoriesGb: [24], pattern: /\bp40\b/ },
  { id: 'p100', label: 'P100', memoriesGb: [16, 12], pattern: /\bp100\b/ },
  { id: 'mi325x', label: 'Instinct MI325X', memoriesGb: [256], pattern: /\bmi325x\b/ },
  { id: 'mi300x', label: 'Instinct MI300X', memoriesGb: [192], pattern: /\bmi300x\b/ },
  { id: 'mi100', label: 'Instinct MI100', memoriesGb: [32], pattern: /\bmi100\b/ },
  { id: 'mi250x', label: 'Instinct MI250X', memoriesGb: [128], pattern: /\bmi250x?\b/ },
];

/** Workstation cards, matched before the consumer numbers they share digits with. */
const WORKSTATION: readonly (Family & { pattern: RegExp })[] = [
  { id: 'rtx-pro-6000', label: 'RTX PRO 6000 Blackwell', memoriesGb: [96], pattern: /\b(?:rtx\s*)?(?:pro\s*6000|6000\s*pro)(?:\s*(?:se|blackwell|server|workstation|edition|max\s*q))*\b/ },
  { id: 'rtx-6000-ada', label: 'RTX 6000 Ada', memoriesGb: [48], pattern: /\b(?:rtx\s*)?6000\s*ada\b/ },
  { id: 'rtx-5000-ada', label: 'RTX 5000 Ada', memoriesGb: [32], pattern: /\b(?:rtx\s*)?5000\s*ada\b/ },
  { id: 'rtx-4000-ada', label: 'RTX 4000 Ada', memoriesGb: [20], pattern: /\b(?:rtx\s*)?4000\s*(?:sff\s*)?ada\b/ },
  { id: 'rtx-2000e-ada', label: 'RTX 2000E Ada', memoriesGb: [16], pattern: /\b(?:rtx\s*)?2000\s*e\s*ada\b/ },
  { id: 'rtx-2000-ada', label: 'RTX 2000 Ada', memoriesGb: [16], pattern: /\b(?:rtx\s*)?2000\s*ada\b/ },
  { id: 'rtx-a6000', label: 'RTX A6000', memoriesGb: [48], pattern: /\b(?:rtx\s*)?a\s?6000\b/ },
  { id: 'rtx-a5500', label: 'RTX A5500', memoriesGb: [24], pattern: /\b(?:rtx\s*)?a\s?5500\b/ },
  { id: 'rtx-a5000', label: 'RTX A5000', memoriesGb: [24], pattern: /\b(?:rtx\s*)?a\s?5000\b/ },
  { id: 'rtx-a4500', label: 'RTX A4500', memoriesGb: [20], pattern: /\b(?:rtx\s*)?a\s?4500\b/ },
  { id: 'rtx-a2000', label: 'RTX A2000', memoriesGb: [12, 6], pattern: /\b(?:rtx\s*)?a\s?2000\b/ },
  { id: 'rtx-a4000', label: 'RTX A4000', memoriesGb: [16], pattern: /\b(?:rtx\s*)?a\s?4000\b/ },
  { id: 'quadro-rtx-8000', label: 'Quadro RTX 8000', memoriesGb: [48], pattern: /\b(?:quadro\s*)?rtx\s*8000\b/ },
];

/** Consumer cards by number; memory is the reference card's. */
const CONSUMER_MEMORY_GB: Readonly<Record<string, number>> = {
  'rtx-5090': 32,
  'rtx-5080': 16,
  'rtx-5070-ti': 16,
  'rtx-5070': 12,
  'rtx-5060-ti': 16,
  'rtx-4090': 24,
  'rtx-4090d': 24,
  'rtx-4080-super': 16,
  'rtx-4080': 16,
  'rtx-4070-ti-super': 16,
  'rtx-4070-ti': 12,
  'rtx-4070-super': 12,
  'rtx-4070': 12,
  'rtx-4060-ti': 16,
  'rtx-4060': 8,
  'rtx-3090-ti': 24,
  'rtx-3090': 24,
  'rtx-3080-ti': 12,
  'rtx-3080': 10,
  'rtx-3070-ti': 8,
  'rtx-3070': 8,
  'rtx-3060-ti': 8,
  'rtx-3060': 12,
  'rtx-2080-ti': 11,
  'rtx-2080': 8,
  'gtx-1080-ti': 11,
  'gtx-1080': 8,
  'gtx-1650-ti': 4,
  'gtx-1650': 4,
  'gtx-1660-super': 6,
  'gtx-1660-ti': 6,
  'gtx-1660': 6,
};

// `4090D` and nvidia-smi's `4090 D` are the China-market card, not the 4090.
const CONSUMER_PATTERN = /(?:^|[^a-z0-9])(?:(rtx|gtx)\s*)?(\d{4})(?:\s?(d)(?![a-z0-9]))?\s*(ti)?\s*(super)?(?![a-z0-9])/;

const UNKNOWN_PREFIX = 'unknown:';

export function isUnknownModel(id: string): boolean {
  return id.startsWith(UNKNOWN_PREFIX);
}

export function unknownModel(name: string): string {
  return `${UNKNOWN_PREFIX}${name.trim()}`;
}

/** Lower-case, vendor words dropped, punctuation to spaces: `NVIDIA-H100-80GB-HBM3` → `h100 80gb hbm3`. */
export function simplifyGpuName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[_\-/(),.]+/g, ' ')
    .replace(/\b(nvidia|geforce|tesla|amd|radeon|instinct|graphics|gpu)\b/g, ' ')
    // Glued names (`V100SXM232GB`, Clore): split the interface from the model and the memory.
    .replace(/([a-z]\d{2,4})(sxm|pcie|nvl)/g, '$1 $2')
    .replace(/(sxm\d?|pcie|nvl)(\d{2,3}\s*(?:gb|gib|gi|g)\b)/g, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim();
}

function memoryIn(simplified: string): number | null {
  // `80gb`, `80 gb`, `80gi`, `80g`, `141gib`; a separate word of two or three digits, so the
  // `10g` in `a10g` and `5g` networking never count.
  const match = /(?:^|\s)(\d{2,3})\s*(?:gb|gib|gi|g)\b/.exec(simplified);
  return match?.[1] ? Number(match[1]) : null;
}

function formFactorIn(simplified: string): FormFactor | null {
  if (/\bsxm\d?\b/.test(simplified)) return 'sxm';
  if (/\bnvl\b/.test(simplified)) return 'nvl';
  if (/\bpcie\b|\bpci\s?e\b/.test(simplified)) return 'pcie';
  return null;
}

export interface GpuNameHints {
  /** Memory per card in GB, when the network gives it apart from the name. */
  memoryGb?: number | null;
  /** Interface as published (`SXM5`, `PCIe`, `NVL`), when given apart from the name. */
  interface?: string | null;
}

function resolveFamily(family: Family, statedMemory: number | null, statedForm: FormFactor | null): string {
  let memory = statedMemory !== null && family.sameCardMemoriesGb?.includes(statedMemory) ? family.memoriesGb[0] ?? null : statedMemory;
  let form = statedForm ?? family.defaultFormFactor ?? null;
  if (memory === null && form && family.memoryByFormFactor?.[form]) memory = family.memoryByFormFactor[form] ?? null;
  if (memory === null && family.memoriesGb.length === 1) memory = family.memoriesGb[0] ?? null;
  if (form === null && memory !== null && family.formFactorByMemory?.[memory]) form = family.formFactorByMemory[memory] ?? null;

  const parts = [family.id];
  if (family.formFactors && form && family.formFactors.includes(form)) parts.push(form);
  const isStandard = memory !== null && family.memoriesGb.includes(memory);
  // Families with one memory size leave it out of the id unless the card is non-standard.
  if (memory !== null && (family.memoriesGb.length > 1 || family.formFactors || !isStandard)) parts.push(`${memory}gb`);
  return parts.join('-');
}

/**
 * Maps a published GPU name (plus optional memory and interface published beside it) to a
 * canonical model id, or `unknown:<name>`.
 */
export function normaliseGpuModel(name: string, hints: GpuNameHints = {}): string {
  // Only a clean name is placed: `=HYPERLINK("…","H100")` is not an H100 listing, whatever
  // model number it spells. Characters no card name carries (formula and markup syntax) keep
  // the name as published, as `unknown:<name>`.
  if (UNCLEAN_NAME.test(name)) return unknownModel(name);
  const simplified = simplifyGpuName(`${name} ${hints.interface ?? ''}`);
  if (!simplified) return unknownModel(name);
  const statedMemory = hints.memoryGb ?? memoryIn(simplified);
  let statedForm = formFactorIn(simplified);

  for (const family of [...WORKSTATION, ...DATACENTER]) {
    if (!family.pattern.test(simplified)) continue;
    // `H100 80GB HBM3` is how nvidia-smi names the SXM5 card (the PCIe card carries HBM2e).
    if (!statedForm && family.id === 'h100' && /\bhbm3\b/.test(simplified)) statedForm = 'sxm';
    return resolveFamily(family, statedMemory, statedForm);
  }

  const consumer = CONSUMER_PATTERN.exec(simplified);
  if (consumer) {
    const [, prefix, number, chinaEdition, ti, superSuffix] = consumer;
    const series = prefix ?? (/^1[06]/.test(number ?? '') ? 'gtx' : 'rtx');
    const id = `${series}-${number}${chinaEdition ? 'd' : ''}${ti ? '-ti' : ''}${superSuffix ? '-super' : ''}`;
    const standardMemory = CONSUMER_MEMORY_GB[id];
    // A laptop part shares the desktop's number but not its silicon or memory.
    if (standardMemory !== undefined && /\b(laptop|mobile|max q)\b/.test(simplified)) return `${id}-laptop`;
    if (standardMemory !== undefined) {
      return statedMemory !== null && statedMemory !== standardMemory ? `${id}-${statedMemory}gb` : id;
    }
  }
  return unknownModel(name);
}

/** Formula, markup and code syntax: `=`, quotes, angle and curly brackets, `;`, `\`, `|`, a backtick, or a leading `+`/`@`. */
const UNCLEAN_NAME = /[=<>"{}\\;|`]|^\s*[+@]/;

const FORM_LABEL: Record<FormFactor, string> = { sxm: 'SXM', pcie: 'PCIe', nvl: 'NVL' };

/** A human label for a canonical id: `h100-sxm-80gb` → `H100 SXM 80GB`. */
export function gpuModelLabel(id: string): string {
  if (id === 'all') return 'All GPUs';
  if (isUnknownModel(id)) return `${id.slice(UNKNOWN_PREFIX.length)} (unrecognised)`;
  const families = [...WORKSTATION, ...DATACENTER];
  const family = families
    .filter((f) => id === f.id || id.startsWith(`${f.id}-`))
    .sort((a, b) => b.id.length - a.id.length)[0];
  if (family) {
    const rest = id.slice(family.id.length).split('-').filter(Boolean);
    const words = rest.map((part) => (part in FORM_LABEL ? FORM_LABEL[part as FormFactor] : part.toUpperCase()));
    return [family.label, ...words].join(' ');
  }
  return id
    .split('-')
    .map((part) => (/^(rtx|gtx)$/.test(part) ? part.toUpperCase() : part === 'ti' ? 'Ti' : part === 'super' ? 'SUPER' : part.toUpperCase()))
    .join(' ');
}

/**
 * True for an id our catalogue can produce (its own label normalises back to it), such as
 * `h100-sxm-80gb` or `rtx-4090`; false for `unknown:` ids and for strings shaped like an id
 * that name no card (`1e308`, `2026-13-01`).
 */
export function isCatalogueModel(id: string): boolean {
  return !isUnknownModel(id) && id !== 'all' && normaliseGpuModel(gpuModelLabel(id)) === id;
}
