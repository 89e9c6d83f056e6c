/**
 * Text for the million-request data set that a search can tell apart: Spanish and English titles and summaries
 * by topic, one to three subjects (people from 40 first names × 60 × 60 surnames, so one full name is on about
 * fourteen requests; companies), places, nationalities, an office reference number, a rare word on one request in
 * twenty thousand, and the lead agency's answer. Everything is a function of the request's number `i`, through
 * PostgreSQL's integer hash, so the data are the same on every run.
 */

export const FIRST_NAMES = [
  'Joaquín',
  'José',
  'María',
  'Juan',
  'Luis',
  'Carlos',
  'Jorge',
  'Miguel',
  'Ana',
  'Rosa',
  'Guadalupe',
  'Francisco',
  'Jesús',
  'Alejandro',
  'Ramón',
  'Héctor',
  'Óscar',
  'Raúl',
  'Sofía',
  'Lucía',
  'Andrés',
  'Martín',
  'Rubén',
  'Iván',
  'Víctor',
  'Julián',
  'Adrián',
  'Ángel',
  'Mónica',
  'Verónica',
  'Inés',
  'Beatriz',
  'Patricia',
  'Fernando',
  'Ricardo',
  'Sergio',
  'Arturo',
  'Emilio',
  'Esteban',
  'Tomás',
];

export const SURNAMES = [
  'Beltrán',
  'Ochoa',
  'Pérez',
  'García',
  'Hernández',
  'López',
  'Martínez',
  'González',
  'Rodríguez',
  'Sánchez',
  'Ramírez',
  'Flores',
  'Gómez',
  'Díaz',
  'Cruz',
  'Morales',
  'Reyes',
  'Gutiérrez',
  'Ortiz',
  'Chávez',
  'Ruiz',
  'Jiménez',
  'Mendoza',
  'Álvarez',
  'Castillo',
  'Vázquez',
  'Romero',
  'Herrera',
  'Medina',
  'Aguilar',
  'Guzmán',
  'Zambada',
  'Carrillo',
  'Fuentes',
  'Caro',
  'Quintero',
  'Arellano',
  'Félix',
  'Treviño',
  'Cárdenas',
  'Salazar',
  'Núñez',
  'Ibarra',
  'Velázquez',
  'Domínguez',
  'Bermúdez',
  'Zúñiga',
  'Acosta',
  'Orozco',
  'Villanueva',
  'Escobar',
  'Montaño',
  'Sepúlveda',
  'Cisneros',
  'Barragán',
  'Quiñones',
  'Maldonado',
  'Peña',
  'Lozano',
  'Valdés',
];

export const PLACES = [
  'Tijuana',
  'Culiacán',
  'Ciudad Juárez',
  'Manzanillo',
  'Lázaro Cárdenas',
  'Mazatlán',
  'Hermosillo',
  'Nogales',
  'Monterrey',
  'Nuevo Laredo',
  'Reynosa',
  'Matamoros',
  'Guadalajara',
  'Morelia',
  'Acapulco',
  'Cancún',
  'Veracruz',
  'Mérida',
  'Chihuahua',
  'Mexicali',
  'San Luis Río Colorado',
  'Ensenada',
  'Puebla',
  'Querétaro',
  'Toluca',
  'Zacatecas',
  'Durango',
  'Tapachula',
  'Oaxaca',
  'Ciudad de México',
];

const NATIONALITIES = ['MX', 'US', 'CO', 'GT', 'mexicana', 'estadounidense'];

/** One template per topic of the data set (firearms, fentanyl, money laundering, migrant smuggling); %1$s a name, %2$s a place. */
const TITLES = {
  es: [
    'Rastreo de armas de fuego — %1$s',
    'Envíos de fentanilo — %1$s',
    'Lavado de dinero — %1$s',
    'Tráfico de migrantes — %1$s',
  ],
  en: ['Firearms trace — %1$s', 'Fentanyl shipments — %1$s', 'Money laundering — %1$s', 'Migrant smuggling — %1$s'],
};
const TOPIC_SENTENCES = {
  es: [
    'Se solicita el rastreo de las armas de fuego aseguradas en %2$s y vinculadas a %1$s.',
    'Se presume que %1$s coordina envíos de fentanilo y precursores químicos desde %2$s.',
    'Registros bancarios muestran transferencias de %1$s mediante empresas fachada con sede en %2$s.',
    'Se investiga a %1$s por tráfico de migrantes a través de %2$s.',
  ],
  en: [
    'Request to trace the firearms seized in %2$s and linked to %1$s.',
    '%1$s is believed to coordinate fentanyl and chemical precursor shipments from %2$s.',
    'Bank records show transfers by %1$s through shell companies based in %2$s.',
    '%1$s is under investigation for smuggling migrants through %2$s.',
  ],
};
const GENERIC_SENTENCES = {
  es: [
    'Favor de proporcionar información sobre domicilio actual, antecedentes penales y personas asociadas.',
    'Se requiere información migratoria y los registros de entradas y salidas del país.',
    'La solicitud se presenta al amparo del tratado de asistencia jurídica mutua.',
    'Se pide confirmar si existen órdenes de aprehensión vigentes.',
  ],
  en: [
    'Please provide information on the current address, criminal record and known associates.',
    'Immigration information and the records of border crossings are requested.',
    'This request is made under the mutual legal assistance treaty.',
    'Please confirm whether any arrest warrants are outstanding.',
  ],
};
const ANSWERS = [
  'Se localizó a %1$s en %2$s. Se anexan las constancias de antecedentes y el oficio FGR/%3$s/2026.',
  'No se encontraron registros de %1$s en las bases de datos consultadas. Oficio FGR/%3$s/2026.',
  'Se identificaron cuentas bancarias a nombre de %1$s en instituciones con sede en %2$s; oficio FGR/%3$s/2026.',
  'La carpeta de investigación contra %1$s sigue abierta en %2$s. Se remite copia certificada, oficio FGR/%3$s/2026.',
];
/** The rare word the benchmark looks for: on one request in twenty thousand. */
export const RARE_WORD = 'Quetzalcóatl';

const arr = (xs: string[]) => `(ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}])`;
const pick = (xs: string[], hash: string) => `${arr(xs)}[1 + (${hash}) % ${xs.length}]`;
const person = (h: string) =>
  `${pick(FIRST_NAMES, `${h} % 40`)} || ' ' || ${pick(SURNAMES, `(${h} / 40) % 60`)} || ' ' || ${pick(SURNAMES, `(${h} / 2400) % 60`)}`;

/**
 * Column expressions over `i` and three hashes `h1`, `h2`, `h3` of it (non-negative integers) that the insert's
 * innermost query provides; `topic` is `1 + i % 4`, as the data set's topics.
 */
export const TEXT_COLUMNS = {
  hashes: `hashint4(i) & 2147483647 AS h1, hashint4(i # 1431655765) & 2147483647 AS h2, hashint4(i # 715827882) & 2147483647 AS h3`,
  language: `CASE WHEN h3 % 5 < 3 THEN 'es' ELSE 'en' END`,
  name1: person('h1'),
  title: (lang: string, name1: string) =>
    `format(CASE WHEN ${lang} = 'es' THEN ${arr(TITLES.es)}[1 + i % 4] ELSE ${arr(TITLES.en)}[1 + i % 4] END, ${name1})`,
  summary: (lang: string, name1: string) =>
    `format(CASE WHEN ${lang} = 'es' THEN ${arr(TOPIC_SENTENCES.es)}[1 + i % 4] ELSE ${arr(TOPIC_SENTENCES.en)}[1 + i % 4] END,
            ${name1}, ${pick(PLACES, 'h2 % 30')})
     || ' ' || CASE WHEN ${lang} = 'es' THEN ${arr(GENERIC_SENTENCES.es)}[1 + h3 % 4] ELSE ${arr(GENERIC_SENTENCES.en)}[1 + h3 % 4] END
     || CASE WHEN ${lang} = 'es' THEN ' Referencia: oficio ' ELSE ' Reference: letter ' END || (h2 % 90000)::text || '/2026.'
     || CASE WHEN i % 20000 = 0 THEN CASE WHEN ${lang} = 'es' THEN ' Relacionado con la operación ${RARE_WORD}.' ELSE ' Linked to operation ${RARE_WORD}.' END ELSE '' END`,
  subjects: (name1: string) =>
    `jsonb_build_array(jsonb_build_object('kind', 'person', 'name', ${name1}, 'nationality', ${pick(NATIONALITIES, 'h2 % 6')}))
     || CASE WHEN h3 % 3 >= 1 THEN jsonb_build_array(jsonb_build_object('kind', 'person', 'name', ${person('h2')})) ELSE '[]'::jsonb END
     || CASE WHEN h3 % 3 = 2 THEN jsonb_build_array(jsonb_build_object('kind', 'organization',
          'name', 'Transportes ' || ${pick(SURNAMES, '(h3 / 7) % 60')} || ' S.A. de C.V.')) ELSE '[]'::jsonb END`,
  locations: `CASE WHEN h1 % 4 = 0 THEN ARRAY[${pick(PLACES, 'h2 % 30')}, ${pick(PLACES, 'h3 % 30')}] ELSE ARRAY[${pick(PLACES, 'h2 % 30')}] END`,
};

/** The lead agency's answer on every answered lead assignment of the data set. */
export const ANSWERS_SQL = `
  INSERT INTO assignment_responses (assignment_id, request_id, agency, text, final, responded_by, created_at)
  SELECT a.id, r.id, a.agency,
         format(${arr(ANSWERS)}[1 + (hashint4(r.routing_round + extract(epoch FROM r.created_at)::int) & 2147483647) % 4],
                r.subjects -> 0 ->> 'name', r.locations[1], (extract(epoch FROM r.created_at)::bigint % 100000)::text),
         true, $1::uuid, r.created_at + interval '10 days'
    FROM assignments a JOIN requests r ON r.id = a.request_id
   WHERE a.role = 'lead' AND a.status = 'responded' AND r.folio LIKE 'SRE-BENCH-%'`;
