// What `crisis init` writes, as data: a config, one starter playbook with its templates in each
// language, and a CI workflow. Pure: the command decides whether and where to write the files.
import { CONFIG_FILE } from '../playbook/config.js';

export type ScaffoldOptions = { org: string; languages: readonly string[]; timezone: string };
/** One file to write; `path` is relative to the project folder, with `/` separators. */
export type ScaffoldFile = { path: string; content: string };

export const STARTER_PLAYBOOK = 'site-outage-basic';
/** The languages init has starter text for; a team adds others by writing their templates. */
export const STARTER_LANGUAGES = ['en', 'fr', 'pl', 'he'] as const;
export type StarterLanguage = (typeof STARTER_LANGUAGES)[number];

export const isStarterLanguage = (lang: string): lang is StarterLanguage => (STARTER_LANGUAGES as readonly string[]).includes(lang);

const STATEMENTS = ['customer-email', 'sms', 'status-page'] as const;
type StatementId = (typeof STATEMENTS)[number];

export function scaffold({ org, languages, timezone }: ScaffoldOptions): ScaffoldFile[] {
  const unknown = languages.filter((l) => !isStarterLanguage(l));
  if (unknown.length) throw new Error(`no starter text for ${unknown.join(', ')}; init ships ${STARTER_LANGUAGES.join(', ')}`);
  const templates = STATEMENTS.flatMap((statement) =>
    languages.map((lang) => ({
      path: `templates/${STARTER_PLAYBOOK}/${statement}.${lang}.hbs`,
      content: STARTER_TEXT[lang as StarterLanguage][statement],
    })));
  return [
    { path: CONFIG_FILE, content: configYaml(org, languages, timezone) },
    { path: `playbooks/${STARTER_PLAYBOOK}.yaml`, content: PLAYBOOK_YAML },
    ...templates,
    { path: '.github/workflows/crisis.yml', content: WORKFLOW_YAML },
  ];
}

// JSON strings are valid YAML scalars, so a name with a colon or a quote stays one value.
const yamlString = (s: string) => JSON.stringify(s);

/** A YAML line with its comment in the column the other comments use. */
const commented = (line: string, comment: string) => `${line.padEnd(33)} # ${comment}`;

function configYaml(org: string, languages: readonly string[], timezone: string): string {
  return `# crisis configuration: who we are, where customers get help, who is on duty.
# Replace the sample support contacts and the roster with your own before the first incident.
organization: ${yamlString(org)}
support:                          # every customer statement says where to get help
  email: help@example.com
  phone: "+1 555 0100"
  url: https://example.com/help
# short_name: ${yamlString(org)}       # what SMS and social posts call us (default: organization)
status_url: https://status.example.com   # where customers follow an incident: a host that stays up when the shop is down
sms: { max_segments: 1, plain: [pl] }   # segments an SMS may cost (UCS-2 languages such as Hebrew get twice as many); plain: languages sent without diacritics, in GSM-7
${commented(`timezone: ${timezone}`, 'every time shown or written is in this zone')}
${commented(`languages: [${languages.join(', ')}]`, 'the first one is the default')}
roster:                           # role -> the person on duty for it; every owner in a playbook needs one
  incident-lead: { name: Alex Morgan, contact: "@alex" }
  comms-lead: { name: Sam Taylor, contact: sam@example.com }
discouraged_phrases:              # validate warns about these, on top of the stock phrases it knows per language
  - minor glitch
  - technical difficulties
  - as soon as possible
`;
}

const PLAYBOOK_YAML = `# A starter playbook, small on purpose: grow it with your own steps, facts and channels.
# \`crisis validate\` checks every change; \`crisis show ${STARTER_PLAYBOOK}\` prints it with your roster.
id: ${STARTER_PLAYBOOK}
title: Website or checkout outage
summary: Customers cannot load the website, complete an order or pay.

severities:                       # most severe first; cadence = how often customers hear from us
  - { id: sev1, label: Website or checkout down for everyone, cadence: 30m }
  - { id: sev2, label: Some customers or some payment methods affected, cadence: 1h }
default_severity: sev2

owners:                           # role -> what that role does in this crisis
  incident-lead: Runs the response, sets the severity, gets the facts confirmed and decides when the outage is over.
  comms-lead: Writes, approves and publishes every customer statement, and keeps the update cadence.

inputs:                           # the facts asked once; every statement and every language uses them
  - id: affected_service
    prompt: What is not working?
    type: choice
    choices: [whole-site, checkout, payments]
    required: true
    example: checkout
    help: "whole-site: pages do not load; checkout: customers can browse but not complete an order; payments: orders fail at the payment step"
  - id: started_at
    prompt: When did it start?
    type: datetime
    required: true
    example: 2026-03-10T08:35:00Z
  - id: charges
    prompt: Did failed orders take money?
    type: choice
    choices: [not-charged, being-checked]
    required: true
    default: being-checked
    example: being-checked
    help: "not-charged: confirmed that failed attempts took no money; being-checked: not confirmed yet, and statements say so"
  - id: fix_eta
    prompt: When do we expect it fixed? Leave empty if the engineers cannot say yet.
    type: datetime
    required: false
    example: 2026-03-10T11:00:00Z
    help: Only a time the engineers stand behind; without one, statements say plainly that it is not known yet.

steps:                            # within: from the start of the stage; resolve and review steps from the resolution
  - id: confirm-outage
    phase: detect
    owner: incident-lead
    within: 10m
    do: Confirm the outage with a real test order, open the incident channel and set the severity.
  - id: confirm-facts
    phase: assess
    owner: incident-lead
    within: 20m
    do: Establish what fails, since when, and whether failed attempts took money. Ask the engineers for a fix time only if they stand behind one.
  - id: publish-status-page
    phase: respond
    owner: comms-lead
    within: 30m
    do: Publish the status page statement, even if all we can say is what fails and when we update next.
  - id: notify-customers
    phase: respond
    owner: comms-lead
    within: 1h
    from: started_at              # customers have waited since the outage began, not since we noticed it
    do: Send the email and the SMS to the customers whose order or payment failed since the outage began.
  - id: refresh-facts
    phase: update
    owner: incident-lead
    within: 45m
    do: Before each update, get the current state and fix estimate from the engineers; if there is no estimate, the update says so.
  - id: publish-update
    phase: update
    owner: comms-lead
    within: 1h
    do: Publish each update on the status page, then send the email, before the time the last statement announced (crisis status shows it).
  - id: announce-resolution
    phase: resolve
    owner: comms-lead
    within: 30m
    do: Publish the resolution on the status page and send the resolution email and SMS.
  - id: check-charges
    phase: resolve
    owner: incident-lead
    within: 1d
    do: Match every payment taken during the outage with an order, and refund any charge without one before the customer asks.
  - id: post-incident-review
    phase: review
    owner: incident-lead
    within: 5d
    do: Hold a blameless review with everyone involved; record what failed, what we change and who owns each change.
  - id: publish-follow-up
    phase: review
    owner: comms-lead
    within: 7d
    do: Add a short note to the status page on what caused the outage and what has changed, as the resolution statements promised.

statements:                       # templates: templates/${STARTER_PLAYBOOK}/<statement>.<language>.hbs
  - id: customer-email
    channel: email
    audience: affected-customers
    owner: comms-lead
    stages: [start, update, resolve]
    format: markdown
  - id: sms
    channel: sms
    audience: affected-customers
    owner: comms-lead
    stages: [start, resolve]
  - id: status-page
    channel: status-page
    audience: public
    owner: comms-lead
    stages: [start, update, resolve]
`;

const WORKFLOW_YAML = `# Checks the crisis playbooks, templates and config on every pull request that changes them;
# problems show up as annotations on the changed lines.
name: crisis
on:
  pull_request:
    paths:
      - "playbooks/**"
      - "templates/**"
      - "crisis.config.yaml"
permissions:
  contents: read
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      # crisis comes from this repository's package.json (npm install --save-dev crisis)
      - run: npm ci
      # add --strict to fail on warnings too
      - run: npx crisis validate --format github
`;

// ---------------------------------------------------------------------------------------------
// Starter statements. The branches are built by the helpers below, so every language takes the
// same decisions on the same facts (validate checks that no translation drops one); the words are
// written for each language, not translated word for word.

/** Three wordings, one per value of `affected_service`. */
const byService = (wholeSite: string, checkout: string, payments: string) =>
  `{{#if (eq affected_service "whole-site")}}${wholeSite}{{else if (eq affected_service "checkout")}}${checkout}{{else}}${payments}{{/if}}`;
const byCharges = (notCharged: string, beingChecked: string) =>
  `{{#if (eq charges "not-charged")}}${notCharged}{{else}}${beingChecked}{{/if}}`;
const byFixEta = (known: string, unknown: string) => `{{#if fix_eta}}${known}{{else}}${unknown}{{/if}}`;
/** At resolve nothing more is promised, so `incident.next_update_at` is null there: always guarded. */
const ifNextUpdate = (text: string) => `{{#if incident.next_update_at}}${text}{{/if}}`;
const ifUpdate = (text: string) => `{{#if (eq incident.stage "update")}}${text}{{/if}}`;
const byStage = (resolve: string, ongoing: string) =>
  `{{#if (eq incident.stage "resolve")}}\n${resolve}\n{{else}}\n${ongoing}\n{{/if}}\n`;

const STARTED = '{{date started_at "time"}}';
const NOW = '{{date incident.now "time"}}';
const POSTED = '{{date incident.now "datetime"}}';
const ETA = '{{date fix_eta "time"}}';
const NEXT = '{{date incident.next_update_at "time"}}';
const N = '{{incident.update_number}}';

const en = (): Record<StatementId, string> => {
  const down = byService('Our website is down', 'Orders cannot be completed on our website', 'Payments are failing on our website');
  const back = byService('our website is working again', 'orders go through again on our website', 'payments work again on our website');
  const since = byService(
    'our website has not been loading: you cannot browse it or order',
    'you can browse our website, but orders cannot be completed',
    'payments have been failing at checkout, so orders cannot be completed',
  );
  const during = byService(
    'our website did not load',
    'you could browse our website but not complete an order',
    'payments failed at checkout, so orders could not be completed',
  );
  const confirmation = 'If you received an order confirmation email, your order went through and will ship as usual.';
  const fix = byFixEta(
    `They expect it to work again by ${ETA}. This is an estimate: if it changes, we will say so.`,
    'We do not know yet when it will be fixed, and we would rather say so than guess.',
  );
  const checking = `We do not know yet whether failed attempts took money, so we are checking every payment made since ${STARTED}.`;
  const payTwice = 'Before you pay again, check your email for a confirmation, so that you do not pay twice.';
  return {
    'customer-email': byStage(
      `# ${byService('Our website is working again', 'Orders go through again on our website', 'Payments work again on our website')}

Hello,

From ${STARTED} to ${NOW}, ${during}. It is fixed, and everything has worked normally since then.

We are sorry. You came to order from us and could not, and you may have been left unsure about your order or your money.

**Your order and your payment.** ${confirmation} ${byCharges(
        'If your order failed, no money was taken.',
        'We are checking every payment made during the outage. If you were charged without receiving an order confirmation, we will refund you without you having to ask.',
      )}

**What happens next.** We are reviewing what went wrong. Within a week, we will explain on our status page what caused the outage and what we are changing.

If anything about your order or a payment still looks wrong, reply to this email, write to {{org.support.email}} or call {{org.support.phone}}. We will check it and put it right.

The {{org.organization}} team`,
      `# ${down}${ifUpdate(`: update ${N}`)}

Hello,

Since ${STARTED}, ${since}. We are sorry: you came to order from us and could not.

**What we know and what we do not know yet.** Our engineers are working on the fix. ${fix}

**Your order and your payment.** ${confirmation} ${byCharges(
        'If your order failed, no money was taken: you can order again once it is fixed.',
        `${checking} If you were charged without receiving an order confirmation, we will refund you without you having to ask. ${payTwice}`,
      )}

**When you will hear from us.** ${ifNextUpdate(`Our next update will be on {{org.support.url}} by ${NEXT}. `)}We will email you again once it is fixed.

Questions about an order or a charge? Reply to this email, write to {{org.support.email}} or call {{org.support.phone}}.

The {{org.organization}} team`,
    ),
    sms: byStage(
      `{{org.short_name}}: ${byService('our site works again', 'checkout works again', 'payments work again')}. We are sorry. ${byCharges('Failed orders took no money.', 'Charged without an order confirmation? We will refund you.')} {{org.status_url}}`,
      `{{org.short_name}}: ${byService('our site is', 'checkout is', 'payments are')} down. Order confirmed by email? Do not pay again.${ifNextUpdate(` Update by ${NEXT}:`)} {{org.status_url}}`,
    ),
    'status-page': byStage(
      `## Resolved: ${back}

*Posted ${POSTED}*

From ${STARTED} to ${NOW}, ${during}. It is fixed, and everything has worked normally since then. We are sorry: you came to order from us and could not.

**Your orders and payments.** ${confirmation} ${byCharges(
        'Orders that failed took no money.',
        'We are checking every payment made during the outage, and we will refund any charge without an order confirmation, without anyone having to ask.',
      )}

**What happens next.** Within a week, we will add to this page what caused the outage and what we are changing.

Questions about an order or a payment: {{org.support.email}}, {{org.support.phone}} or {{org.support.url}}.`,
      `## ${down}${ifUpdate(`: update ${N}`)}

*Posted ${POSTED}*

**What is not working.** Since ${STARTED}, ${since}. We are sorry: you came to order from us and could not.

**What we are doing.** Our engineers are working on the fix. ${fix}

**Your orders and payments.** ${confirmation} ${byCharges(
        'Orders that failed took no money: you can order again once it is fixed.',
        `${checking} We will refund any charge without an order confirmation, without anyone having to ask. ${payTwice}`,
      )}
${ifNextUpdate(`

**Next update** by ${NEXT}, on this page.
`)}

Questions about an order or a payment: {{org.support.email}}, {{org.support.phone}} or {{org.support.url}}.`,
    ),
  };
};

const fr = (): Record<StatementId, string> => {
  const down = byService('Notre site est inaccessible', 'Les commandes n’aboutissent pas sur notre site', 'Les paiements échouent sur notre site');
  const back = byService('notre site fonctionne de nouveau', 'les commandes aboutissent de nouveau sur notre site', 'les paiements fonctionnent de nouveau sur notre site');
  const since = byService(
    'notre site ne s’affiche plus : vous ne pouvez ni le consulter ni commander',
    'vous pouvez consulter notre site, mais les commandes n’aboutissent pas',
    'les paiements échouent à la dernière étape de la commande, qui ne peut donc pas aboutir',
  );
  const during = byService(
    'notre site ne s’affichait plus',
    'vous pouviez consulter notre site, mais pas finaliser une commande',
    'les paiements échouaient à la dernière étape de la commande, qui ne pouvait donc pas aboutir',
  );
  const confirmation = 'Si vous avez reçu un e-mail de confirmation de commande, votre commande est bien enregistrée et sera expédiée normalement.';
  const fix = byFixEta(
    `Elles prévoient un retour à la normale d’ici ${ETA}. C’est une estimation : si elle change, nous le dirons.`,
    'Nous ne savons pas encore quand le problème sera réglé, et nous préférons le dire plutôt que d’avancer une heure au hasard.',
  );
  const checking = `Nous ne savons pas encore si des tentatives de paiement échouées ont été débitées : nous vérifions donc chaque paiement effectué depuis ${STARTED}.`;
  const payTwice = 'Avant de payer de nouveau, vérifiez si vous avez reçu un e-mail de confirmation, pour ne pas payer deux fois.';
  return {
    'customer-email': byStage(
      `# ${byService('Notre site fonctionne de nouveau', 'Les commandes aboutissent de nouveau sur notre site', 'Les paiements fonctionnent de nouveau sur notre site')}

Bonjour,

De ${STARTED} à ${NOW}, ${during}. Le problème est réglé, et tout fonctionne normalement depuis.

Nous en sommes désolés. Vous vouliez commander chez nous sans y parvenir, puis sans savoir ce qu’il en était de votre commande ou de votre argent.

**Votre commande et votre paiement.** ${confirmation} ${byCharges(
        'Si votre commande a échoué, aucun montant n’a été débité.',
        'Nous vérifions chaque paiement effectué pendant la panne. Si un montant a été débité sans que vous ayez reçu de confirmation de commande, nous vous le rembourserons sans que vous ayez à le demander.',
      )}

**La suite.** Nous analysons ce qui n’a pas fonctionné. D’ici une semaine, nous expliquerons sur notre page d’état du service ce qui a causé la panne et ce que nous changeons.

Si quelque chose vous semble encore anormal dans votre commande ou un paiement, répondez à cet e-mail, écrivez à {{org.support.email}} ou appelez le {{org.support.phone}}. Nous vérifierons et corrigerons ce qui doit l’être.

L’équipe {{org.organization}}`,
      `# ${down}${ifUpdate(` : point n° ${N}`)}

Bonjour,

Depuis ${STARTED}, ${since}. Nous en sommes désolés : vous vouliez commander chez nous et vous n’avez pas pu.

**Ce que nous savons, et ce que nous ignorons encore.** Nos équipes techniques travaillent à la réparation. ${fix}

**Votre commande et votre paiement.** ${confirmation} ${byCharges(
        'Si votre commande a échoué, aucun montant n’a été débité : vous pourrez la repasser une fois le problème réglé.',
        `${checking} Si un montant a été débité sans que vous ayez reçu de confirmation de commande, nous vous le rembourserons sans que vous ayez à le demander. ${payTwice}`,
      )}

**Quand aurez-vous de nos nouvelles ?** ${ifNextUpdate(`Notre prochain point sera publié sur {{org.support.url}} d’ici ${NEXT}. `)}Nous vous écrirons de nouveau dès que le problème sera réglé.

Une question sur une commande ou un débit ? Répondez à cet e-mail, écrivez à {{org.support.email}} ou appelez le {{org.support.phone}}.

L’équipe {{org.organization}}`,
    ),
    // Straight apostrophes and no ê, â or ç: they would push the SMS out of GSM-7 into 70-character segments.
    sms: byStage(
      `{{org.short_name}} : ${byService('site rétabli', 'commandes rétablies', 'paiements rétablis')}. Toutes nos excuses. ${byCharges('Aucun débit pour les commandes échouées.', 'Débit sans commande confirmée ? Nous le rembourserons.')} {{org.status_url}}`,
      `{{org.short_name}} : ${byService('site en panne', 'commandes en panne', 'paiements en panne')}. Commande confirmée par e-mail ? Ne repayez pas.${ifNextUpdate(` Point à ${NEXT} :`)} {{org.status_url}}`,
    ),
    'status-page': byStage(
      `## Résolu : ${back}

*Publié le ${POSTED}*

De ${STARTED} à ${NOW}, ${during}. Le problème est réglé, et tout fonctionne normalement depuis. Nous en sommes désolés : vous vouliez commander chez nous et vous n’avez pas pu.

**Vos commandes et vos paiements.** ${confirmation} ${byCharges(
        'Aucun montant n’a été débité pour les commandes qui ont échoué.',
        'Nous vérifions chaque paiement effectué pendant la panne, et nous rembourserons tout montant débité sans confirmation de commande, sans qu’il soit nécessaire de le demander.',
      )}

**La suite.** D’ici une semaine, nous ajouterons sur cette page ce qui a causé la panne et ce que nous changeons.

Une question sur une commande ou un paiement : {{org.support.email}}, {{org.support.phone}} ou {{org.support.url}}.`,
      `## ${down}${ifUpdate(` : point n° ${N}`)}

*Publié le ${POSTED}*

**Ce qui ne fonctionne pas.** Depuis ${STARTED}, ${since}. Nous en sommes désolés : vous vouliez commander chez nous et vous n’avez pas pu.

**Ce que nous faisons.** Nos équipes techniques travaillent à la réparation. ${fix}

**Vos commandes et vos paiements.** ${confirmation} ${byCharges(
        'Aucun montant n’a été débité pour les commandes qui ont échoué : vous pourrez les repasser une fois le problème réglé.',
        `${checking} Tout montant débité sans confirmation de commande sera remboursé, sans qu’il soit nécessaire de le demander. ${payTwice}`,
      )}
${ifNextUpdate(`

**Prochain point** d’ici ${NEXT}, sur cette page.
`)}

Une question sur une commande ou un paiement : {{org.support.email}}, {{org.support.phone}} ou {{org.support.url}}.`,
    ),
  };
};

const pl = (): Record<StatementId, string> => {
  const down = byService('Nasza strona nie działa', 'W naszym sklepie nie można złożyć zamówienia', 'Płatności w naszym sklepie nie działają');
  const back = byService('nasza strona znów działa', 'składanie zamówień znów działa', 'płatności znów działają');
  const since = byService(
    'nasza strona się nie wczytuje: nie można jej przeglądać ani złożyć zamówienia',
    'można przeglądać naszą stronę, ale nie da się dokończyć zamówienia',
    'płatności na ostatnim etapie zamówienia kończą się błędem, więc zamówienia nie dochodzą do skutku',
  );
  const during = byService(
    'nasza strona się nie wczytywała',
    'można było przeglądać naszą stronę, ale nie dało się dokończyć zamówienia',
    'płatności na ostatnim etapie zamówienia kończyły się błędem, więc zamówienia nie dochodziły do skutku',
  );
  const confirmation = 'Jeśli dostali Państwo e-mail z potwierdzeniem zamówienia, zamówienie zostało przyjęte i wyślemy je jak zwykle.';
  const fix = byFixEta(
    `Spodziewamy się, że wszystko znów zadziała do godz. ${ETA}. To szacunkowy termin – jeśli się zmieni, poinformujemy o tym.`,
    'Nie wiemy jeszcze, kiedy awaria zostanie usunięta, i wolimy powiedzieć to wprost, niż zgadywać.',
  );
  const checking = `Nie wiemy jeszcze, czy nieudane próby płatności obciążyły konta klientów, dlatego sprawdzamy każdą płatność od godz. ${STARTED}.`;
  const payTwice = 'Przed ponowną płatnością prosimy sprawdzić skrzynkę e-mail, żeby nie zapłacić dwa razy.';
  return {
    'customer-email': byStage(
      `# ${byService('Nasza strona znów działa', 'Składanie zamówień w naszym sklepie znów działa', 'Płatności w naszym sklepie znów działają')}

Dzień dobry,

Od godz. ${STARTED} do ${NOW} ${during}. Awaria jest usunięta i od tego czasu wszystko działa normalnie.

Przepraszamy. Chcieli Państwo zrobić u nas zakupy i nie było to możliwe, a potem mogli Państwo nie wiedzieć, co z zamówieniem i pieniędzmi.

**Państwa zamówienie i płatność.** ${confirmation} ${byCharges(
        'Jeśli zamówienie się nie powiodło, nie pobraliśmy żadnych pieniędzy.',
        'Sprawdzamy każdą płatność z czasu awarii. Jeśli pobraliśmy pieniądze, a potwierdzenie zamówienia nie przyszło, zwrócimy je sami – nie trzeba o to prosić.',
      )}

**Co dalej.** Analizujemy, co zawiodło. W ciągu tygodnia opiszemy na naszej stronie statusu, co spowodowało awarię i co zmieniamy.

Jeśli coś w zamówieniu lub płatności nadal się nie zgadza, wystarczy odpowiedzieć na tę wiadomość, napisać na adres {{org.support.email}} lub zadzwonić pod numer {{org.support.phone}}. Sprawdzimy to i naprawimy.

Zespół {{org.organization}}`,
      `# ${down}${ifUpdate(` – aktualizacja nr ${N}`)}

Dzień dobry,

Od godz. ${STARTED} ${since}. Przepraszamy – chcieli Państwo zrobić u nas zakupy i nie było to możliwe.

**Co wiemy, a czego jeszcze nie.** Nasz zespół techniczny pracuje nad usunięciem awarii. ${fix}

**Państwa zamówienie i płatność.** ${confirmation} ${byCharges(
        'Jeśli zamówienie się nie powiodło, nie pobraliśmy żadnych pieniędzy – można je złożyć ponownie po usunięciu awarii.',
        `${checking} Jeśli pobraliśmy pieniądze, a potwierdzenie zamówienia nie przyszło, zwrócimy je sami – nie trzeba o to prosić. ${payTwice}`,
      )}

**Kiedy się odezwiemy.** ${ifNextUpdate(`Kolejną informację opublikujemy na stronie {{org.support.url}} najpóźniej o godz. ${NEXT}. `)}Napiszemy też do Państwa, gdy tylko awaria zostanie usunięta.

Pytania o zamówienie lub płatność? Wystarczy odpowiedzieć na tę wiadomość, napisać na adres {{org.support.email}} lub zadzwonić pod numer {{org.support.phone}}.

Zespół {{org.organization}}`,
    ),
    sms: byStage(
      `{{org.short_name}}: ${back}. Przepraszamy. ${byCharges('Za nieudane zamówienia nie pobraliśmy pieniędzy.', 'Pobrana płatność bez potwierdzenia? Zwrócimy ją.')} {{org.status_url}}`,
      `{{org.short_name}}: ${byService('awaria strony', 'awaria zamówień', 'awaria płatności')}. Zamówienie potwierdzone? Prosimy nie płacić ponownie.${ifNextUpdate(` Więcej o ${NEXT}:`)} {{org.status_url}}`,
    ),
    'status-page': byStage(
      `## Rozwiązano: ${back}

*Opublikowano ${POSTED}*

Od godz. ${STARTED} do ${NOW} ${during}. Awaria jest usunięta i od tego czasu wszystko działa normalnie. Przepraszamy – chcieli Państwo zrobić u nas zakupy i nie było to możliwe.

**Zamówienia i płatności.** ${confirmation} ${byCharges(
        'Za zamówienia, które się nie powiodły, nie pobraliśmy żadnych pieniędzy.',
        'Sprawdzamy każdą płatność z czasu awarii. Pieniądze pobrane bez potwierdzenia zamówienia zwrócimy sami – nie trzeba o to prosić.',
      )}

**Co dalej.** W ciągu tygodnia opiszemy na tej stronie, co spowodowało awarię i co zmieniamy.

Pytania o zamówienie lub płatność: {{org.support.email}}, {{org.support.phone}} lub {{org.support.url}}.`,
      `## ${down}${ifUpdate(` – aktualizacja nr ${N}`)}

*Opublikowano ${POSTED}*

**Co nie działa.** Od godz. ${STARTED} ${since}. Przepraszamy – chcieli Państwo zrobić u nas zakupy i nie było to możliwe.

**Co robimy.** Nasz zespół techniczny pracuje nad usunięciem awarii. ${fix}

**Zamówienia i płatności.** ${confirmation} ${byCharges(
        'Za zamówienia, które się nie powiodły, nie pobraliśmy żadnych pieniędzy – można je złożyć ponownie po usunięciu awarii.',
        `${checking} Pieniądze pobrane bez potwierdzenia zamówienia zwrócimy sami – nie trzeba o to prosić. ${payTwice}`,
      )}
${ifNextUpdate(`

**Kolejna aktualizacja** najpóźniej o godz. ${NEXT}, na tej stronie.
`)}

Pytania o zamówienie lub płatność: {{org.support.email}}, {{org.support.phone}} lub {{org.support.url}}.`,
    ),
  };
};

const he = (): Record<StatementId, string> => {
  const down = byService('האתר שלנו לא זמין', 'אי אפשר להשלים הזמנות באתר שלנו', 'התשלומים באתר שלנו נכשלים');
  const back = byService('האתר שלנו חזר לפעול', 'אפשר שוב להשלים הזמנות באתר שלנו', 'התשלומים באתר שלנו חזרו לפעול');
  const since = byService(
    'האתר שלנו לא נטען: אי אפשר לגלוש בו או להזמין',
    'אפשר לגלוש באתר שלנו, אבל אי אפשר להשלים הזמנה',
    'התשלום בשלב האחרון של ההזמנה נכשל, ולכן אי אפשר להשלים הזמנות',
  );
  const during = byService(
    'האתר שלנו לא נטען',
    'אפשר היה לגלוש באתר שלנו, אבל לא להשלים הזמנה',
    'התשלום בשלב האחרון של ההזמנה נכשל, ולכן אי אפשר היה להשלים הזמנות',
  );
  const confirmation = 'אם קיבלתם מייל עם אישור הזמנה, ההזמנה נקלטה ותישלח כרגיל.';
  const fix = byFixEta(
    `אנחנו מעריכים שהכול יחזור לפעול עד השעה ${ETA}. זו הערכה בלבד: אם היא תשתנה, נעדכן.`,
    'אנחנו עוד לא יודעים מתי התקלה תתוקן, ומעדיפים לומר את זה בפשטות במקום לנחש.',
  );
  const checking = `אנחנו עוד לא יודעים אם ניסיונות תשלום שנכשלו גבו כסף, ולכן אנחנו בודקים כל תשלום שבוצע מאז השעה ${STARTED}.`;
  const payTwice = 'לפני שאתם משלמים שוב, בדקו אם קיבלתם מייל אישור, כדי לא לשלם פעמיים.';
  return {
    'customer-email': byStage(
      `# ${back}

שלום,

מהשעה ${STARTED} עד השעה ${NOW} ${during}. התקלה תוקנה, ומאז הכול פועל כרגיל.

אנחנו מצטערים. באתם להזמין אצלנו ולא הצלחתם, ואולי גם לא ידעתם מה קורה עם ההזמנה או עם הכסף שלכם.

**ההזמנה והתשלום שלכם.** ${confirmation} ${byCharges(
        'אם ההזמנה נכשלה, לא חויבתם.',
        'אנחנו בודקים כל תשלום שבוצע בזמן התקלה. אם חויבתם ולא קיבלתם אישור הזמנה, נחזיר לכם את הכסף בלי שתצטרכו לבקש.',
      )}

**מה הלאה.** אנחנו בודקים מה השתבש. בתוך שבוע נפרסם בדף סטטוס השירות שלנו מה גרם לתקלה ומה אנחנו משנים.

אם משהו בהזמנה או בתשלום עדיין נראה לכם לא תקין, השיבו למייל הזה, כתבו לכתובת {{org.support.email}} או התקשרו למספר {{org.support.phone}}. נבדוק ונתקן.

צוות {{org.organization}}`,
      `# ${down}${ifUpdate(`: עדכון מס׳ ${N}`)}

שלום,

מאז השעה ${STARTED} ${since}. אנחנו מצטערים: באתם להזמין אצלנו ולא הצלחתם.

**מה ידוע ומה עוד לא.** הצוות הטכני שלנו עובד על התיקון. ${fix}

**ההזמנה והתשלום שלכם.** ${confirmation} ${byCharges(
        'אם ההזמנה נכשלה, לא חויבתם, ותוכלו להזמין שוב אחרי שהתקלה תתוקן.',
        `${checking} אם חויבתם ולא קיבלתם אישור הזמנה, נחזיר לכם את הכסף בלי שתצטרכו לבקש. ${payTwice}`,
      )}

**מתי תשמעו מאיתנו.** ${ifNextUpdate(`העדכון הבא יפורסם באתר {{org.support.url}} עד השעה ${NEXT}. `)}נכתוב לכם שוב ברגע שהתקלה תתוקן.

שאלות על הזמנה או על חיוב? השיבו למייל הזה, כתבו לכתובת {{org.support.email}} או התקשרו למספר {{org.support.phone}}.

צוות {{org.organization}}`,
    ),
    sms: byStage(
      `{{org.short_name}}: ${byService('האתר שלנו חזר לפעול', 'אפשר שוב להזמין באתר', 'התשלומים באתר חזרו לפעול')}. אנחנו מצטערים. ${byCharges('על הזמנות שנכשלו לא נגבה כסף.', 'חויבתם בלי אישור? נחזיר את הכסף.')} {{org.status_url}}`,
      `{{org.short_name}}: ${byService('האתר שלנו לא זמין', 'אי אפשר להזמין באתר', 'התשלומים באתר נכשלים')}. קיבלתם אישור? אל תשלמו שוב.${ifNextUpdate(` עדכון ${NEXT}:`)} {{org.status_url}}`,
    ),
    'status-page': byStage(
      `## נפתר: ${back}

*פורסם: ${POSTED}*

מהשעה ${STARTED} עד השעה ${NOW} ${during}. התקלה תוקנה, ומאז הכול פועל כרגיל. אנחנו מצטערים: באתם להזמין אצלנו ולא הצלחתם.

**הזמנות ותשלומים.** ${confirmation} ${byCharges(
        'על הזמנות שנכשלו לא נגבה כסף.',
        'אנחנו בודקים כל תשלום שבוצע בזמן התקלה, ונחזיר כל חיוב שאין לו אישור הזמנה, בלי שתצטרכו לבקש.',
      )}

**מה הלאה.** בתוך שבוע נוסיף לדף הזה מה גרם לתקלה ומה אנחנו משנים.

שאלות על הזמנה או על תשלום: {{org.support.email}}, {{org.support.phone}} או {{org.support.url}}.`,
      `## ${down}${ifUpdate(`: עדכון מס׳ ${N}`)}

*פורסם: ${POSTED}*

**מה לא עובד.** מאז השעה ${STARTED} ${since}. אנחנו מצטערים: באתם להזמין אצלנו ולא הצלחתם.

**מה אנחנו עושים.** הצוות הטכני שלנו עובד על התיקון. ${fix}

**הזמנות ותשלומים.** ${confirmation} ${byCharges(
        'על הזמנות שנכשלו לא נגבה כסף, ותוכלו להזמין שוב אחרי שהתקלה תתוקן.',
        `${checking} נחזיר כל חיוב שאין לו אישור הזמנה, בלי שתצטרכו לבקש. ${payTwice}`,
      )}
${ifNextUpdate(`

**העדכון הבא** עד השעה ${NEXT}, בדף הזה.
`)}

שאלות על הזמנה או על תשלום: {{org.support.email}}, {{org.support.phone}} או {{org.support.url}}.`,
    ),
  };
};

const STARTER_TEXT: Record<StarterLanguage, Record<StatementId, string>> = { en: en(), fr: fr(), pl: pl(), he: he() };
