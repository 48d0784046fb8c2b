/**
 * The words of the simulated provider: briefs and narratives composed from the world state with
 * templates chosen by a seeded stream. Pure functions of (world, agent or events, random, budget), so the
 * same seed always writes the same text.
 *
 * What the phases check (SPEC section 1) and how this text meets it:
 *  - a brief is valid at >= 10 chars and >= 5 words: the identity sentence alone is longer;
 *  - a narrative is valid at >= 50 chars, >= 20 words and when it mentions an event of the turn: the
 *    first featured event's description is quoted verbatim, right after a sentence naming its
 *    participants, and comes before anything optional so a tight budget cannot cut it.
 *
 * A story directive ("the storm breaks tonight") is acknowledged in one quoted sentence, right after the
 * brief's identity sentence and just before the narrative's first event, when the budget has room. Its
 * wording is drawn from a stream of its own, so the rest of the text is what the seed writes without one.
 */
import type { TurnEvent } from '../../../../src-shared/domain/turn';
import type { Agent, Feature, Position, WorldState } from '../../../../src-shared/domain/world';
import type { SeededRandom } from '../seeded-random';

/** Events that are bookkeeping rather than story; narrated only when a turn has nothing else. */
const BOOKKEEPING_EVENTS = new Set<TurnEvent['type']>(['world_time_advanced', 'turn_world_update_completed']);

// ---------------------------------------------------------------------------------------------------
// Small language helpers

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** Ends a sentence with a full stop unless it already ends with terminal punctuation. */
function terminate(text: string): string {
  const trimmed = text.trim();
  return /[.!?…"'”)]$/u.test(trimmed) ? trimmed : `${trimmed}.`;
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function distance(a: Position, b: Position): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function weatherOf(world: WorldState): string {
  return world.weather.trim() || 'clear skies';
}

/** "the morning of day 2" from world seconds. */
function timeOf(world: WorldState): string {
  const day = Math.floor(world.timeS / 86_400) + 1;
  const hour = Math.floor((world.timeS % 86_400) / 3600);
  const part = hour < 6 ? 'small hours' : hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : 'evening';
  return `the ${part} of day ${day}`;
}

/** A goal target's readable name: a feature's name, an agent's or NPC's name, else the id in words. */
function targetName(world: WorldState, target: string): string {
  const named = world.features.find((feature) => feature.id === target) ?? world.npcs.find((npc) => npc.id === target);
  if (named) return named.name;
  const agent = world.agents.find((candidate) => candidate.id === target);
  return agent ? agent.name : target.replace(/[-_]+/g, ' ');
}

function participantName(world: WorldState, id: string): string {
  return world.agents.find((agent) => agent.id === id)?.name ?? world.npcs.find((npc) => npc.id === id)?.name ?? id;
}

function nearestFeature(world: WorldState, position: Position): Feature | undefined {
  let best: Feature | undefined;
  for (const feature of world.features) {
    if (!best || distance(feature.position, position) < distance(best.position, position)) best = feature;
  }
  return best;
}

/** Adds optional sentences in order until the budget is spent; mandatory ones are always kept. */
function fill(mandatory: readonly string[], optional: readonly string[], budgetChars: number): string[] {
  const chosen = [...mandatory];
  let used = chosen.reduce((sum, part) => sum + part.length + 1, 0);
  for (const part of optional) {
    if (used + part.length + 1 > budgetChars) continue;
    chosen.push(part);
    used += part.length + 1;
  }
  return chosen;
}

// ---------------------------------------------------------------------------------------------------
// Subjective brief

function identitySentence(agent: Agent, world: WorldState, random: SeededRandom): string {
  const role = withArticle(agent.role);
  const weather = weatherOf(world);
  const time = timeOf(world);
  return random.pick([
    `${agent.name}, ${role}, takes stock under ${weather} in ${time}.`,
    `In ${time}, with ${weather} overhead, ${agent.name} the ${agent.role} weighs the next move.`,
    `${capitalize(weather)} hangs over the land as ${agent.name}, ${role}, gathers their thoughts in ${time}.`,
    `${agent.name} (${agent.role}) starts ${time} under ${weather}, deciding what matters most.`,
  ]);
}

function goalSentence(agent: Agent, goal: Agent['goals'][number], world: WorldState, random: SeededRandom): string {
  const target = targetName(world, goal.target);
  const feature = world.features.find((candidate) => candidate.id === goal.target);
  const away = feature ? Math.round(distance(agent.position, feature.position)) : undefined;
  const where = away === undefined ? '' : away < 1 ? ', already standing there' : `, about ${away} paces away`;
  const others = world.agents.filter((other) => other.id !== agent.id && other.goals.some((g) => g.target === goal.target));
  switch (goal.type) {
    case 'exclusive': {
      const rivals = joinWords(others.map((other) => other.name));
      return random.pick([
        `${agent.name} means to claim ${target}${where} alone${rivals ? `, and ${rivals} stand in the way` : ' before anyone else can'}.`,
        `Only one can hold ${target}, and ${agent.name} intends it to be them${rivals ? ` rather than ${rivals}` : ''}.`,
        `${capitalize(target)}${where}${where ? ',' : ''} is the prize; ${agent.name} will not share it${rivals ? ` with ${rivals}` : ''}.`,
      ]);
    }
    case 'shared': {
      const allies = joinWords(others.map((other) => other.name));
      return random.pick([
        `${agent.name} wants to secure ${target}${where} together with ${allies || 'whoever will help'}.`,
        `${capitalize(target)} matters to more than one person, and ${agent.name} would rather work with ${allies || 'allies'} than alone.`,
        `Holding ${target}${where} is a shared task; ${agent.name} counts on ${allies || 'finding partners'}.`,
      ]);
    }
    case 'personal':
      return random.pick([
        `${agent.name} has a private errand at ${target}${where}.`,
        `Something personal draws ${agent.name} toward ${target}${where}.`,
        `${agent.name} keeps a quiet purpose of their own at ${target}.`,
      ]);
  }
}

function belongingsSentences(agent: Agent, world: WorldState, random: SeededRandom): string[] {
  const sentences: string[] = [];
  if (agent.inventory.length > 0 && agent.needs.length > 0) {
    sentences.push(
      random.pick([
        `Carrying ${joinWords(agent.inventory)}, ${agent.name} still lacks ${joinWords(agent.needs)}.`,
        `${agent.name} has ${joinWords(agent.inventory)} but needs ${joinWords(agent.needs)}.`,
      ]),
    );
  } else if (agent.inventory.length > 0) {
    sentences.push(`${agent.name} travels with ${joinWords(agent.inventory)}.`);
  } else if (agent.needs.length > 0) {
    sentences.push(`${agent.name} has little to trade and needs ${joinWords(agent.needs)}.`);
  }
  for (const need of agent.needs) {
    const holder = world.agents.find((other) => other.id !== agent.id && other.inventory.includes(need));
    if (holder) {
      sentences.push(
        random.pick([
          `${holder.name} holds the ${need} ${agent.name} needs; a trade may be possible.`,
          `Word is that ${holder.name} carries ${need}, which ${agent.name} could bargain for.`,
        ]),
      );
    }
  }
  return sentences;
}

function conditionSentences(agent: Agent, random: SeededRandom): string[] {
  const sentences: string[] = [];
  const resources = Object.entries(agent.resources).filter(([, resource]) => resource.max > 0);
  if (resources.length > 0) {
    const [name, resource] = resources.reduce((low, entry) => (entry[1].value / entry[1].max < low[1].value / low[1].max ? entry : low));
    const percent = Math.round((resource.value / resource.max) * 100);
    sentences.push(
      percent < 50
        ? random.pick([
            `${capitalize(name)} is running low at ${percent}%.`,
            `Only ${Math.round(resource.value)} of ${Math.round(resource.max)} ${name} remain.`,
          ])
        : random.pick([`${capitalize(name)} holds at ${percent}%, enough for now.`, `With ${name} at ${percent}%, there is room to push.`]),
    );
  }
  if (agent.statusEffects.length > 0) {
    const effects = joinWords(agent.statusEffects.map((effect) => effect.name));
    sentences.push(random.pick([`${agent.name} is ${effects} for the moment.`, `For now ${agent.name} feels ${effects}.`]));
  }
  sentences.push(
    agent.confidence >= 0.6
      ? random.pick([`Confidence runs high.`, `${agent.name} feels sure of the path ahead.`])
      : random.pick([`Doubt creeps in at the edges.`, `${agent.name} is less certain than they let on.`]),
  );
  return sentences;
}

function surroundingsSentences(agent: Agent, world: WorldState, random: SeededRandom): string[] {
  const sentences: string[] = [];
  const near = world.agents.filter((other) => other.id !== agent.id && distance(other.position, agent.position) < 100);
  const closest = near.sort((a, b) => distance(a.position, agent.position) - distance(b.position, agent.position)).slice(0, 2);
  if (closest.length > 0) {
    const names = joinWords(closest.map((other) => other.name));
    sentences.push(random.pick([`${names} ${closest.length > 1 ? 'are' : 'is'} close enough to talk to.`, `Nearby: ${names}.`]));
  }
  const hostile = world.npcs.find((npc) => npc.disposition === 'hostile' && distance(npc.position, agent.position) < 60);
  if (hostile) sentences.push(random.pick([`${capitalize(hostile.name)} prowls too close for comfort.`, `Beware ${hostile.name} nearby.`]));
  const friendly = world.npcs.find((npc) => npc.disposition === 'friendly' && distance(npc.position, agent.position) < 60);
  if (friendly) sentences.push(`${capitalize(friendly.name)} could be an ally if asked.`);
  return sentences;
}

function memorySentences(agent: Agent, random: SeededRandom, count: number): string[] {
  return agent.memories
    .slice(-count)
    .reverse()
    .map((memory) =>
      random.pick([
        `${agent.name} remembers: ${terminate(memory)}`,
        `A recent memory lingers: ${terminate(memory)}`,
        `Still fresh in mind: ${terminate(memory)}`,
      ]),
    );
}

function intentSentence(agent: Agent, world: WorldState, random: SeededRandom): string {
  const goal = agent.goals[0];
  if (!goal)
    return random.pick([`This turn, ${agent.name} will watch and wait.`, `For now the plan is to stay alert and keep options open.`]);
  const target = targetName(world, goal.target);
  return random.pick([
    `The plan for this turn: move toward ${target} and act before the chance passes.`,
    `This turn ${agent.name} heads for ${target}, ready to ${goal.type === 'exclusive' ? 'stand firm' : 'make common cause'}.`,
    `Next step: get closer to ${target} and see who else is there.`,
  ]);
}

/** A subjective brief for `agent`, about `budgetChars` long at most (the caller enforces maxTokens). */
export function composeBrief(agent: Agent, world: WorldState, random: SeededRandom, budgetChars: number, directive?: string): string {
  const mandatory = [identitySentence(agent, world, random)];
  const directed = directive ? [briefDirectiveSentence(agent, directive, random.fork('directive'))] : [];
  const goals = agent.goals.map((goal) => goalSentence(agent, goal, world, random));
  const details = random.shuffle([
    ...belongingsSentences(agent, world, random),
    ...conditionSentences(agent, random),
    ...surroundingsSentences(agent, world, random),
    ...memorySentences(agent, random, 3),
  ]);
  const intent = intentSentence(agent, world, random);
  // Goals first (they drive the turn), then details in a random order, the intent last when it fits.
  const body = fill(mandatory, [...directed, ...goals, ...details], budgetChars - intent.length - 1);
  return [...body, intent].join(' ');
}

// ---------------------------------------------------------------------------------------------------
// Narrative

function eventLead(event: TurnEvent, world: WorldState, random: SeededRandom): string {
  const names = event.participants.map((id) => participantName(world, id));
  const scene = sceneLead(event, names, world, random);
  // The description that follows usually names who did what; name them here only when it does not.
  if (names.length === 0 || names.every((name) => event.description.includes(name))) return scene;
  return `${scene} ${joinWords(names)} ${names.length > 1 ? 'were both' : 'was'} there.`;
}

function sceneLead(event: TurnEvent, names: string[], world: WorldState, random: SeededRandom): string {
  const positions = event.participants
    .map((id) => world.agents.find((agent) => agent.id === id)?.position)
    .filter((position): position is Position => position !== undefined);
  const centre =
    positions.length > 0
      ? {
          x: positions.reduce((sum, p) => sum + p.x, 0) / positions.length,
          y: positions.reduce((sum, p) => sum + p.y, 0) / positions.length,
        }
      : undefined;
  const feature = centre ? nearestFeature(world, centre) : undefined;
  if (names.length === 0) return random.pick([`Across the land, the hours moved on.`, `The world turned, indifferent.`]);
  const pair = names.length >= 2;
  const place = feature ? feature.name : 'the open ground';
  switch (event.type) {
    case 'conflict_resolution':
      return random.pick(
        pair
          ? [`Tempers ran hot near ${place}.`, `Near ${place}, neither side meant to yield.`, `It came to a contest of wills by ${place}.`]
          : [`A hard contest waited near ${place}.`],
      );
    case 'cooperation_success':
      return random.pick([
        `Near ${place}, the work went better in company.`,
        `For once, two people pulled in the same direction by ${place}.`,
      ]);
    case 'agent_agreement':
      return random.pick([`By ${place}, there was bargaining to be done.`, `Words were weighed carefully near ${place}.`]);
    case 'agent_compromise':
      return random.pick([`Near ${place}, nobody would get everything.`, `The haggling by ${place} was long.`]);
    case 'generic_interaction':
      return random.pick([`Paths crossed near ${place}.`, `There was news to trade by ${place}.`]);
    default:
      return random.pick([`Time moved on near ${place}.`, `The hours turned over by ${place}.`]);
  }
}

function eventAftermath(event: TurnEvent, random: SeededRandom): string | undefined {
  const options: Partial<Record<TurnEvent['type'], string[]>> = {
    conflict_resolution: ['It left a mark on how they regard each other.', 'The grudge would not fade quickly.'],
    cooperation_success: ['Trust between them grew a little.', 'Each saw what the other could do.'],
    agent_agreement: ['Both walked away with something.', 'It was the start of something like friendship.'],
    agent_compromise: ['Nobody was happy, which is how a fair deal feels.', 'It would do, for now.'],
    generic_interaction: ['Little changed, yet both took note.'],
  };
  const list = options[event.type];
  return list && random.chance(0.6) ? random.pick(list) : undefined;
}

function openingSentence(world: WorldState, random: SeededRandom): string {
  const weather = weatherOf(world);
  const time = timeOf(world);
  const landmark = world.features.length > 0 ? random.pick(world.features).name : 'the valley';
  return random.pick([
    `${capitalize(time)} came in under ${weather}.`,
    `${capitalize(weather)} lay over ${landmark} as the turn began.`,
    `In ${time}, under ${weather}, the story moved on.`,
    `Beneath ${weather}, ${landmark} saw a busy stretch of ${time}.`,
  ]);
}

/** What agents not mentioned by an event were doing, one sentence each. */
function quietSentences(world: WorldState, random: SeededRandom, mentioned: ReadonlySet<string>): string[] {
  return world.agents
    .filter((agent) => !mentioned.has(agent.id) && !agent.quarantined)
    .map((agent) => {
      const goal = agent.goals[0];
      const target = goal ? targetName(world, goal.target) : undefined;
      return target
        ? random.pick([`${agent.name} kept working toward ${target}.`, `${agent.name} the ${agent.role} edged closer to ${target}.`])
        : `${agent.name} the ${agent.role} kept to their own affairs.`;
    });
}

function closingSentence(world: WorldState, featured: readonly TurnEvent[], random: SeededRandom): string {
  const contested = world.features.find((feature) =>
    world.agents.some((agent) => agent.goals.some((goal) => goal.type === 'exclusive' && goal.target === feature.id)),
  );
  const hadConflict = featured.some((event) => event.type === 'conflict_resolution');
  return random.pick([
    contested ? `Who will finally hold ${contested.name} remains an open question.` : 'What comes next is anyone’s guess.',
    hadConflict ? 'Old rivalries were sharper by nightfall.' : 'By nightfall the ties between them had shifted, if only a little.',
    'The turn ended, and the land waited for the next.',
  ]);
}

// ---------------------------------------------------------------------------------------------------
// Story directive

/** The directive quoted as the end of a sentence: `“the storm breaks tonight”.` */
function quoted(directive: string): string {
  const text = directive.replace(/\s+/g, ' ').trim();
  return /[.!?…]$/u.test(text) ? `“${text}”` : `“${text}”.`;
}

function briefDirectiveSentence(agent: Agent, directive: string, random: SeededRandom): string {
  return random.pick([
    `${agent.name} senses the story turning: ${quoted(directive)}`,
    `The story master’s word weighs on ${agent.name}: ${quoted(directive)}`,
    `Something is coming, and ${agent.name} feels it: ${quoted(directive)}`,
  ]);
}

function narrativeDirectiveSentence(directive: string, random: SeededRandom): string {
  return random.pick([
    `All the while, the story master’s word hung over the land: ${quoted(directive)}`,
    `Everyone felt the turn bending one way: ${quoted(directive)}`,
    `As the story master had willed it, the hours leaned toward one thing: ${quoted(directive)}`,
  ]);
}

function render(paragraphs: readonly (readonly string[])[]): string {
  return paragraphs.map((sentences) => sentences.join(' ')).join('\n\n');
}

/**
 * One narrative of the turn. The first featured event is always included (verbatim description, with its
 * participants named just before); the directive's sentence, the opening, further events, what the other
 * agents were doing and a closing line are added while the budget lasts.
 */
export function composeNarrative(
  world: WorldState,
  events: readonly TurnEvent[],
  random: SeededRandom,
  budgetChars: number,
  directive?: string,
): string {
  const described = events.filter((event) => event.description.trim().length > 0);
  const story = described.filter((event) => !BOOKKEEPING_EVENTS.has(event.type));
  const featured = story.length > 0 ? story : described;
  const eventParagraphs = featured.map((event) => {
    const aftermath = eventAftermath(event, random);
    return [eventLead(event, world, random), terminate(event.description), ...(aftermath ? [aftermath] : [])];
  });
  const opening = openingSentence(world, random);
  const closing = closingSentence(world, featured, random);
  const [first, ...rest] = eventParagraphs;
  const paragraphs: string[][] = [first ? [...first] : ['The turn passed without incident.']];
  const budget = budgetChars - closing.length - 1;
  const fits = () => render(paragraphs).length <= budget;
  const tryAdd = (apply: () => void, undo: () => void) => {
    apply();
    if (!fits()) undo();
  };
  const head = paragraphs[0] as string[];
  if (directive) {
    const acknowledged = narrativeDirectiveSentence(directive, random.fork('directive'));
    tryAdd(
      () => head.unshift(acknowledged),
      () => head.shift(),
    );
  }
  tryAdd(
    () => head.unshift(opening),
    () => head.shift(),
  );
  const mentioned = new Set<string>(first ? (featured[0]?.participants ?? []) : []);
  rest.forEach((paragraph, index) => {
    tryAdd(
      () => paragraphs.push(paragraph),
      () => paragraphs.pop(),
    );
    if (paragraphs[paragraphs.length - 1] === paragraph) for (const id of featured[index + 1]?.participants ?? []) mentioned.add(id);
  });
  const quiet = quietSentences(world, random, mentioned);
  if (quiet.length > 0) {
    const meanwhile: string[] = [];
    paragraphs.push(meanwhile);
    quiet.forEach((sentence, index) => {
      const text = index === 0 && first ? `Meanwhile, ${sentence}` : sentence;
      tryAdd(
        () => meanwhile.push(text),
        () => meanwhile.pop(),
      );
    });
    if (meanwhile.length === 0) paragraphs.pop();
  }
  const last = paragraphs[paragraphs.length - 1] as string[];
  last.push(closing);
  if (render(paragraphs).length > budgetChars) last.pop();
  return render(paragraphs);
}
