// Word lists for the demo data generator (plugin/demo/): company
// names, streets, cities and the product catalogue of a mid-size distributor of
// drive technology. Everything here is invented for demos; any resemblance of a
// generated name to a real business is chance.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace arx::demo::words {

using list = std::span<const std::string_view>;

// ---------------------------------------------------------------- names

inline constexpr std::string_view german_surnames[] = {
    "Müller",  "Schmidt", "Becker",   "Hoffmann", "Wagner", "Schäfer", "Koch",    "Richter", "Wolf",
    "Neumann", "Schwarz", "Zimmermann", "Krüger", "Hartmann", "Lange", "Werner",  "Krause",  "Lehmann",
    "Köhler",  "Maier",   "Brandt",   "Vogel",    "Haas",   "Sommer",  "Engel",   "Berger",  "Kaiser",
    "Fuchs",   "Lorenz",  "Seidel",   "Ernst",    "Winkler", "Graf",   "Reuter",  "Albrecht"};
inline constexpr std::string_view german_places[] = {
    "Rhein",  "Elbe",    "Weser",   "Main",    "Nord",   "Süd",     "Alpen",  "Hansa",  "Taunus",
    "Eifel",  "Harz",    "Allgäu",  "Bodensee", "Spree", "Isar",    "Neckar", "Mosel",  "Ruhr",
    "Saale",  "Donau",   "Lahn",    "Sauerland", "Schwarzwald", "Ostsee", "Westfalen", "Franken"};
inline constexpr std::string_view german_trades[] = {
    "Maschinenbau",   "Fördertechnik",       "Anlagenbau",    "Metallbau",     "Verpackungstechnik",
    "Automation",     "Landtechnik",         "Kunststofftechnik", "Lebensmitteltechnik", "Holzverarbeitung",
    "Elektrotechnik", "Industrieservice",    "Antriebe",      "Logistik",      "Aufzugtechnik",
    "Pumpenbau",      "Sondermaschinen",     "Umwelttechnik", "Stahlbau",      "Mühlenbau"};
inline constexpr std::string_view german_forms[] = {"GmbH", "GmbH", "GmbH", "GmbH", "GmbH & Co. KG",
                                                    "GmbH & Co. KG", "AG", "KG"};
inline constexpr std::string_view austrian_forms[] = {"GmbH", "GmbH", "GmbH", "AG", "KG", "GesmbH"};
inline constexpr std::string_view swiss_forms[] = {"AG", "AG", "AG", "GmbH", "GmbH"};

inline constexpr std::string_view dutch_surnames[] = {
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser",  "Smit",    "Meijer",  "de Boer", "Mulder",
    "de Groot", "Bos",    "Vos",          "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
    "Dijkstra", "Smits",  "van Dijk",     "Kok",    "Verhoeven", "Prins",  "Huisman"};
inline constexpr std::string_view flemish_surnames[] = {
    "Janssens", "Peeters", "Maes",    "Willems", "Claes",  "Goossens", "Wouters", "De Smet", "Jacobs",
    "Mertens",  "Vermeulen", "Hermans", "Michiels", "Dubois", "Van Damme", "Lambrechts", "De Backer"};
inline constexpr std::string_view dutch_places[] = {
    "Brabant", "Kempen",  "Veluwe",   "Twente",  "Rijnmond", "Delta",  "Maas",   "Schelde",
    "Noord",   "Zuid",    "Friesland", "Limburg", "Flandria", "Zeeland", "Achterhoek", "Waasland"};
inline constexpr std::string_view dutch_trades[] = {
    "Machinebouw",     "Installatietechniek", "Metaalbewerking", "Verpakkingstechniek", "Transport",
    "Automatisering",  "Procestechniek",      "Kunststoffen",    "Voedingstechniek",    "Aandrijvingen",
    "Landbouwmechanisatie", "Staalbouw",      "Liftentechniek",  "Pompentechniek"};
inline constexpr std::string_view dutch_forms[] = {"B.V.", "B.V.", "B.V.", "B.V.", "B.V.", "N.V.", "V.O.F."};
inline constexpr std::string_view belgian_forms[] = {"BV", "BV", "BV", "NV", "NV", "BVBA"};

inline constexpr std::string_view english_surnames[] = {
    "Smith",   "Jones",    "Taylor", "Brown",  "Williams", "Wilson", "Johnson", "Davies", "Robinson",
    "Wright",  "Thompson", "Evans",  "Walker", "White",    "Roberts", "Green",  "Hall",   "Wood",
    "Jackson", "Clarke",   "Harris", "Lewis",  "Turner",   "Parker", "Cooper",  "Hughes"};
inline constexpr std::string_view irish_surnames[] = {"Murphy", "Kelly", "O'Sullivan", "Walsh", "O'Brien",
                                                      "Byrne",  "Ryan",  "O'Connor",   "Doyle", "McCarthy",
                                                      "Gallagher", "Kennedy"};
inline constexpr std::string_view british_places[] = {
    "Pennine", "Mersey",  "Thames",  "Severn", "Humber",   "Trent",   "Tyne",   "Clyde",
    "Cotswold", "Northern", "Midland", "Anglia", "Wessex", "Solent",  "Dales",  "Chiltern"};
inline constexpr std::string_view irish_places[] = {"Shannon", "Liffey", "Atlantic", "Munster",
                                                    "Leinster", "Wicklow", "Connacht", "Boyne"};
inline constexpr std::string_view english_trades[] = {
    "Engineering",      "Fabrications",   "Packaging",        "Automation",        "Conveyors",
    "Plastics",         "Food Systems",   "Agricultural Machinery", "Process Equipment", "Hydraulics",
    "Fluid Power",      "Lifting Solutions", "Precision Tools", "Materials Handling", "Pumps",
    "Industrial Services"};
inline constexpr std::string_view british_forms[] = {"Ltd", "Ltd", "Ltd", "Ltd", "Ltd", "Limited", "PLC", "LLP"};
inline constexpr std::string_view irish_forms[] = {"Ltd", "Ltd", "Ltd", "Limited", "DAC"};

inline constexpr std::string_view american_places[] = {
    "Great Lakes", "Midwest",   "Pacific",   "Atlantic",  "Lone Star", "Keystone", "Buckeye",
    "Hoosier",     "Rocky Mountain", "Gulf Coast", "Tri-State", "Heartland", "Blue Ridge", "Empire"};
inline constexpr std::string_view american_trades[] = {
    "Conveyor Systems", "Manufacturing", "Industrial Supply", "Packaging", "Automation",
    "Machine Works",    "Fluid Power",   "Material Handling", "Process Systems", "Power Transmission"};
inline constexpr std::string_view american_forms[] = {"Inc.", "Inc.", "Inc.", "LLC", "LLC", "Corp."};

inline constexpr std::string_view french_surnames[] = {
    "Martin", "Bernard", "Dubois", "Thomas",   "Robert", "Richard", "Petit",  "Durand",  "Leroy",
    "Moreau", "Simon",   "Laurent", "Lefebvre", "Michel", "Garnier", "Roux",  "Fournier", "Girard",
    "Bonnet", "Dupont",  "Lambert", "Fontaine"};
inline constexpr std::string_view french_trades_before[] = {"Ateliers", "Établissements", "Mécanique",
                                                            "Transmissions", "Constructions"};
inline constexpr std::string_view french_trades_after[] = {"Industries", "Emballages", "Automatismes",
                                                           "Équipements", "Manutention", "Hydraulique"};
inline constexpr std::string_view french_forms[] = {"SARL", "SARL", "SAS", "SAS", "SA"};

inline constexpr std::string_view danish_surnames[] = {"Jensen", "Nielsen",  "Hansen",   "Pedersen",
                                                       "Andersen", "Christensen", "Larsen", "Sørensen",
                                                       "Rasmussen", "Jørgensen", "Madsen", "Kristensen"};
inline constexpr std::string_view danish_trades[] = {"Maskinfabrik", "Automation", "Emballage",
                                                     "Teknik",       "Hydraulik",  "Stålindustri"};
inline constexpr std::string_view danish_forms[] = {"A/S", "A/S", "ApS"};

// ---------------------------------------------------------------- addresses

inline constexpr std::string_view german_streets[] = {
    "Industriestraße", "Gewerbestraße",   "Hafenstraße",    "Am Bahnhof",      "Daimlerstraße",
    "Robert-Bosch-Straße", "Siemensstraße", "Carl-Benz-Straße", "Im Gewerbepark", "Otto-Hahn-Straße",
    "Max-Planck-Straße", "Lindenstraße",   "Hauptstraße",     "Werkstraße",      "Zeppelinstraße",
    "Dieselstraße",    "Gutenbergstraße", "Am Kanal",        "Raiffeisenstraße", "Nobelstraße"};
inline constexpr std::string_view swiss_streets[] = {"Industriestrasse", "Bahnhofstrasse", "Gewerbestrasse",
                                                     "Hauptstrasse",     "Werkstrasse",    "Rütistrasse"};
inline constexpr std::string_view dutch_streets[] = {
    "Industrieweg", "Havenweg", "Nijverheidsweg", "Energieweg", "Edisonstraat", "Celsiusweg",
    "Marconistraat", "Ambachtsweg", "Kanaalweg", "Handelsweg", "Zuiderhavenweg", "Transportweg"};
inline constexpr std::string_view belgian_streets[] = {"Industriepark", "Nijverheidsstraat", "Kanaalstraat",
                                                       "Ambachtenlaan", "Industrielaan",     "Havenlaan",
                                                       "Europalaan"};
inline constexpr std::string_view french_streets[] = {"rue de l'Industrie", "avenue Jean Jaurès",
                                                      "rue des Artisans",   "boulevard de l'Europe",
                                                      "rue du Moulin",      "avenue de la Gare",
                                                      "rue des Forges"};
inline constexpr std::string_view british_estate_names[] = {"Riverside", "Park",    "Station", "Mill",
                                                            "Canal",     "Victoria", "Albion", "Brunswick",
                                                            "Carlton",   "Meadow",   "Kingsway", "Greenside"};
inline constexpr std::string_view british_estate_kinds[] = {"Industrial Estate", "Business Park", "Trading Estate",
                                                            "Enterprise Park"};
inline constexpr std::string_view american_street_names[] = {"Commerce", "Industrial", "Enterprise", "Technology",
                                                             "Corporate", "Lakeview",  "Airport",    "Progress"};
inline constexpr std::string_view american_street_kinds[] = {"Drive", "Avenue", "Boulevard", "Parkway", "Road"};
inline constexpr std::string_view danish_streets[] = {"Industrivej", "Erhvervsvej", "Håndværkervej", "Fabriksvej",
                                                      "Havnevej"};

// A city and how its postcodes start: `prefix` followed by `digits` random
// digits (countries with other shapes are handled in the generator).
struct city {
  std::string_view name;
  std::string_view prefix;
  int digits;
};

inline constexpr city german_cities[] = {
    {"Hamburg", "22", 3},    {"Bremen", "28", 3},     {"Hannover", "30", 3},   {"Bielefeld", "33", 3},
    {"Dortmund", "44", 3},   {"Essen", "45", 3},      {"Düsseldorf", "40", 3}, {"Köln", "50", 3},
    {"Frankfurt am Main", "60", 3}, {"Mannheim", "68", 3}, {"Stuttgart", "70", 3}, {"München", "80", 3},
    {"Nürnberg", "90", 3},   {"Leipzig", "04", 3},    {"Dresden", "01", 3},    {"Berlin", "12", 3},
    {"Kassel", "34", 3},     {"Augsburg", "86", 3},   {"Ulm", "89", 3},        {"Osnabrück", "49", 3},
    {"Regensburg", "93", 3}, {"Chemnitz", "09", 3},   {"Magdeburg", "39", 3},  {"Siegen", "57", 3}};
inline constexpr city austrian_cities[] = {{"Wien", "11", 2},  {"Linz", "40", 2},     {"Graz", "80", 2},
                                           {"Salzburg", "50", 2}, {"Wels", "46", 2}, {"Innsbruck", "60", 2},
                                           {"St. Pölten", "31", 2}};
inline constexpr city swiss_cities[] = {{"Zürich", "80", 2},   {"Winterthur", "84", 2}, {"Basel", "40", 2},
                                        {"Bern", "30", 2},     {"St. Gallen", "90", 2}, {"Luzern", "60", 2},
                                        {"Aarau", "50", 2}};
inline constexpr city dutch_cities[] = {{"Eindhoven", "56", 2}, {"Rotterdam", "30", 2}, {"Utrecht", "35", 2},
                                        {"Tilburg", "50", 2},   {"Zwolle", "80", 2},    {"Venlo", "59", 2},
                                        {"Enschede", "75", 2},  {"Breda", "48", 2},     {"Amersfoort", "38", 2},
                                        {"Groningen", "97", 2}, {"Nijmegen", "65", 2},  {"Apeldoorn", "73", 2}};
inline constexpr city belgian_cities[] = {{"Antwerpen", "20", 2}, {"Gent", "90", 2},    {"Mechelen", "28", 2},
                                          {"Hasselt", "35", 2},   {"Kortrijk", "85", 2}, {"Brugge", "80", 2},
                                          {"Leuven", "30", 2},    {"Genk", "36", 2},    {"Aalst", "93", 2}};
inline constexpr city french_cities[] = {{"Lyon", "690", 2},     {"Lille", "590", 2},    {"Nantes", "440", 2},
                                         {"Toulouse", "310", 2}, {"Strasbourg", "670", 2}, {"Grenoble", "380", 2},
                                         {"Rouen", "760", 2},    {"Bordeaux", "330", 2}};
inline constexpr city danish_cities[] = {{"Aarhus", "80", 2}, {"Odense", "50", 2},  {"Aalborg", "90", 2},
                                         {"Vejle", "71", 2},  {"Kolding", "60", 2}, {"Herning", "74", 2}};
// British cities: the postcode area; the district number is drawn.
inline constexpr city british_cities[] = {{"Leeds", "LS", 0},      {"Sheffield", "S", 0},  {"Manchester", "M", 0},
                                          {"Birmingham", "B", 0},  {"Bradford", "BD", 0},  {"Nottingham", "NG", 0},
                                          {"Leicester", "LE", 0},  {"Coventry", "CV", 0},  {"Derby", "DE", 0},
                                          {"Bristol", "BS", 0},    {"Stoke-on-Trent", "ST", 0},
                                          {"Warrington", "WA", 0}, {"Glasgow", "G", 0},
                                          {"Newcastle upon Tyne", "NE", 0}};
// Irish cities: the Eircode routing key.
inline constexpr city irish_cities[] = {{"Dublin", "D12", 0},  {"Dublin", "D24", 0},   {"Cork", "T12", 0},
                                        {"Galway", "H91", 0},  {"Limerick", "V94", 0}, {"Athlone", "N37", 0},
                                        {"Waterford", "X91", 0}};
// US cities (with state): ZIP code prefix.
inline constexpr city american_cities[] = {{"Columbus, OH", "432", 2},  {"Detroit, MI", "482", 2},
                                           {"Cleveland, OH", "441", 2}, {"Milwaukee, WI", "532", 2},
                                           {"Charlotte, NC", "282", 2}, {"Houston, TX", "770", 2},
                                           {"Atlanta, GA", "303", 2},   {"Chicago, IL", "606", 2},
                                           {"Indianapolis, IN", "462", 2}, {"Pittsburgh, PA", "152", 2}};

// Local parts of accounts-payable mailboxes.
inline constexpr std::string_view german_mailboxes[] = {"buchhaltung", "rechnungseingang", "kreditoren",
                                                        "invoice", "einkauf"};
inline constexpr std::string_view dutch_mailboxes[] = {"crediteuren", "facturen", "administratie", "inkoopfacturen"};
inline constexpr std::string_view english_mailboxes[] = {"accounts.payable", "invoices", "ap", "accounts",
                                                         "purchase.ledger"};
inline constexpr std::string_view french_mailboxes[] = {"comptabilite", "factures", "fournisseurs"};
inline constexpr std::string_view danish_mailboxes[] = {"bogholderi", "faktura", "kreditorer"};

// ---------------------------------------------------------------- catalogue

enum class item_kind : uint8_t {
  goods,       // taxed at the standard rate at home
  service,     // work on site: reverse charge (AE) for other EU businesses
  manual,      // printed books: reduced rate (DE 7 %, NL 9 %), zero-rated in the UK
  freight,     // follows the goods
  insurance,   // transit insurance: exempt (E) at home
  reduced_uk,  // energy-saving installation in homes: UK reduced rate 5 %
};

// One kind of product. Prices in cents; quantities at scale 4. Each spec is
// one catalogue item with its own price; service specs are price levels and
// do not appear in line texts.
struct product_type {
  std::string_view de, en, nl;
  std::string_view unit;  // UN/ECE recommendation 20
  item_kind kind;
  int64_t price_lo, price_hi;
  int64_t qty_lo, qty_hi, qty_step;
  std::string_view specs[4];
};

inline constexpr product_type products[] = {
    {"Rillenkugellager", "Deep groove ball bearing", "Groefkogellager", "C62", item_kind::goods, 450, 4800,
     10000, 600000, 10000, {"6204-2RS", "6205-2RS C3", "6306-ZZ", "6008-2Z"}},
    {"Kegelrollenlager", "Tapered roller bearing", "Kegelrollager", "C62", item_kind::goods, 1200, 9800, 10000,
     240000, 10000, {"30206", "32210", "30308 J2", "33115"}},
    {"Drehstrommotor", "Three-phase motor", "Draaistroommotor", "C62", item_kind::goods, 18000, 145000, 10000,
     60000, 10000, {"0.75 kW IE3 B3", "2.2 kW IE3 B5", "5.5 kW IE4 B3", "11 kW IE3 B35"}},
    {"Stirnradgetriebemotor", "Helical geared motor", "Tandwielmotor", "C62", item_kind::goods, 42000, 389000,
     10000, 40000, 10000, {"i=12.3 1.5 kW", "i=28.7 3 kW", "i=7.9 0.55 kW", "i=45.1 7.5 kW"}},
    {"Schneckengetriebe", "Worm gearbox", "Wormwielkast", "C62", item_kind::goods, 15000, 118000, 10000, 80000,
     10000, {"size 50 i=20", "size 63 i=40", "size 90 i=15", "size 110 i=30"}},
    {"Frequenzumrichter", "Frequency inverter", "Frequentieregelaar", "C62", item_kind::goods, 26000, 310000,
     10000, 100000, 10000, {"1.5 kW 400 V", "4 kW 400 V IP20", "7.5 kW 400 V IP55", "0.37 kW 230 V"}},
    {"Klauenkupplung", "Jaw coupling", "Klauwkoppeling", "C62", item_kind::goods, 1500, 19500, 10000, 200000,
     10000, {"size 24/32", "size 38/45", "size 48/60", "size 19/24"}},
    {"Keilriemen", "V-belt", "V-snaar", "C62", item_kind::goods, 480, 5600, 10000, 500000, 10000,
     {"SPZ 1250", "SPA 1800", "XPB 2240", "SPB 3150"}},
    {"Zahnriemenscheibe", "Timing belt pulley", "Tandriemschijf", "C62", item_kind::goods, 1900, 16500, 10000,
     200000, 10000, {"HTD 8M 32-30", "AT10 40-50", "HTD 5M 24-15", "T10 36-32"}},
    {"Rollenkette", "Roller chain", "Rollenketting", "MTR", item_kind::goods, 850, 4600, 10000, 500000, 5000,
     {"08B-1", "12B-1", "16B-2", "10B-1"}},
    {"Profilschiene", "Linear guide rail", "Lineaire geleiderail", "MTR", item_kind::goods, 6800, 24800, 5000,
     120000, 1000, {"size 20", "size 25", "size 35", "size 15"}},
    {"Sechskantschraube", "Hexagon head bolt", "Zeskantbout", "H87", item_kind::goods, 4, 95, 500000, 20000000,
     500000, {"M8x30 DIN 933 8.8", "M12x40 ISO 4017 8.8 zn", "M16x60 DIN 931 10.9", "M10x25 ISO 4017 A2"}},
    {"Getriebeöl", "Gear oil", "Tandwielolie", "LTR", item_kind::goods, 420, 1480, 50000, 2000000, 50000,
     {"CLP 220", "CLP 320 synth.", "PG 460", "CLP 150"}},
    {"Schmierfett", "Lubricating grease", "Smeervet", "KGM", item_kind::goods, 780, 3400, 10000, 1800000, 5000,
     {"NLGI 2 lithium", "NLGI 1 high temp.", "NLGI 2 food grade", "NLGI 00 gear"}},
    {"Motorleitung", "Motor cable", "Motorkabel", "MTR", item_kind::goods, 210, 1450, 50000, 5000000, 50000,
     {"4G1.5 shielded", "4G2.5 shielded", "4G6 shielded", "7G1.5"}},
    {"Blankstahlwelle", "Precision steel shaft", "Precisie-as", "KGM", item_kind::goods, 290, 980, 20000,
     4000000, 5000, {"C45 h9 40 mm", "42CrMo4 60 mm", "C45 h9 25 mm", "X20Cr13 30 mm"}},
    {"Dichtungssatz", "Seal kit", "Afdichtingsset", "SET", item_kind::goods, 1800, 14500, 10000, 150000, 10000,
     {"gearbox size 63", "gearbox size 90", "pump type A", "cylinder 50 mm"}},
    {"Inbetriebnahme", "Commissioning", "Inbedrijfstelling", "HUR", item_kind::service, 8500, 13800, 10000,
     240000, 2500, {"rate A", "rate B", "rate C", "rate D"}},
    {"Reparatur", "Repair", "Reparatie", "HUR", item_kind::service, 7800, 11500, 5000, 160000, 2500,
     {"rate A", "rate B", "rate C", "rate D"}},
    {"Servicetechniker vor Ort", "Field service engineer", "Servicemonteur op locatie", "HUR",
     item_kind::service, 8200, 12900, 10000, 320000, 2500, {"rate A", "rate B", "rate C", "rate D"}},
    {"Fachbuch Antriebstechnik (Druckausgabe)", "Drive engineering handbook (print)",
     "Handboek aandrijftechniek (gedrukt)", "C62", item_kind::manual, 2900, 8900, 10000, 100000, 10000,
     {"vol. 1", "vol. 2", "4th ed.", "pocket ed."}},
    {"Energiesparende Pumpenantrieb-Nachrüstung (Wohngebäude)", "Energy-saving pump drive retrofit (residential)",
     "Energiebesparende pompaandrijving ombouw (woning)", "C62", item_kind::reduced_uk, 18000, 76000, 10000, 30000,
     10000, {"heating circuit", "heat pump", "ventilation", "hot water"}},
};

}  // namespace arx::demo::words
