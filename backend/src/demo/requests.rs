//! The service-request part of the demo: realistic categories (voirie, éclairage public,
//! propreté, espaces verts, mobilier urbain) and requests in every state, made through the same
//! functions as the API so that timelines, audit log and emails are what real use produces.

use protocol::api::{Language, ResidencyMethod};
use protocol::requests::{
    AttributeAnswer, AttributeChoice, AttributeDef, AttributeType, CategoryInput, Localized,
    Location, NewRequest, RequestStatus, StatusChange,
};

use crate::config::Settings;
use crate::db::Tx;
use crate::repo::towns::Town;
use crate::repo::users::User;
use crate::repo::{categories, requests as repo, residency};
use crate::requests::{self as service, Ctx, Reporter};
use crate::time::now;

fn l(fr: &str, en: &str) -> Localized {
    Localized {
        fr: fr.into(),
        en: en.into(),
    }
}

fn categories() -> Vec<CategoryInput> {
    let category =
        |code: &str, group: (&str, &str), name: (&str, &str), desc: (&str, &str)| CategoryInput {
            code: code.into(),
            group: group.0.into(),
            name: l(name.0, name.1),
            description: l(desc.0, desc.1),
            keywords: String::new(),
            attributes: Vec::new(),
            active: true,
        };
    let mut pothole = category(
        "voirie-nid-de-poule",
        ("Voirie", "Roads"),
        ("Nid-de-poule", "Pothole"),
        (
            "Trou ou affaissement de la chaussée",
            "Hole or subsidence in the road",
        ),
    );
    pothole.attributes = vec![
        AttributeDef {
            code: "profondeur".into(),
            datatype: AttributeType::Number,
            required: false,
            label: l("Profondeur estimée (cm)", "Estimated depth (cm)"),
            help: Localized::default(),
            values: vec![],
        },
        AttributeDef {
            code: "emplacement".into(),
            datatype: AttributeType::Singlevaluelist,
            required: true,
            label: l("Où se trouve-t-il ?", "Where is it?"),
            help: Localized::default(),
            values: vec![
                AttributeChoice {
                    key: "chaussee".into(),
                    name: l("Sur la chaussée", "On the road"),
                },
                AttributeChoice {
                    key: "trottoir".into(),
                    name: l("Sur le trottoir", "On the pavement"),
                },
                AttributeChoice {
                    key: "piste-cyclable".into(),
                    name: l("Sur une piste cyclable", "On a cycle lane"),
                },
            ],
        },
    ];
    vec![
        pothole,
        category(
            "voirie-signalisation",
            ("Voirie", "Roads"),
            ("Panneau ou marquage abîmé", "Damaged sign or road marking"),
            (
                "Panneau tombé, illisible, marquage effacé",
                "Fallen or unreadable sign, faded marking",
            ),
        ),
        category(
            "eclairage-panne",
            ("Éclairage public", "Street lighting"),
            ("Lampadaire en panne", "Broken streetlight"),
            (
                "Lampadaire éteint, clignotant ou allumé le jour",
                "Light off, flickering or on by day",
            ),
        ),
        category(
            "proprete-depot-sauvage",
            ("Propreté", "Cleanliness"),
            ("Dépôt sauvage", "Fly-tipping"),
            (
                "Déchets abandonnés sur la voie publique",
                "Waste dumped in a public place",
            ),
        ),
        category(
            "proprete-collecte",
            ("Propreté", "Cleanliness"),
            (
                "Collecte des déchets non effectuée",
                "Missed bin collection",
            ),
            (
                "Bac non collecté le jour prévu",
                "Bin not collected on the scheduled day",
            ),
        ),
        category(
            "espaces-verts",
            ("Espaces verts", "Green spaces"),
            ("Arbre ou espace vert", "Tree or green space"),
            (
                "Branche dangereuse, tonte, arrosage",
                "Dangerous branch, mowing, watering",
            ),
        ),
        category(
            "mobilier-urbain",
            ("Mobilier urbain", "Street furniture"),
            (
                "Banc, abribus ou jeu dégradé",
                "Damaged bench, bus shelter or playground",
            ),
            ("", ""),
        ),
    ]
}

/// (category, description, address, reporter index, status path with reasons)
type Seed = (
    &'static str,
    &'static str,
    &'static str,
    usize,
    &'static [(RequestStatus, &'static str)],
);

const REQUESTS: [Seed; 8] = [
    (
        "voirie-nid-de-poule",
        "Nid-de-poule d'environ 10 cm devant l'école Jules-Ferry, dangereux pour les vélos.",
        "3 rue Jules-Ferry",
        0,
        &[],
    ),
    (
        "eclairage-panne",
        "Le lampadaire au coin de la place est éteint depuis une semaine.",
        "Place de la République",
        1,
        &[(
            RequestStatus::Acknowledged,
            "Signalement transmis au service éclairage.",
        )],
    ),
    (
        "proprete-depot-sauvage",
        "Matelas et cartons abandonnés au pied des conteneurs.",
        "12 allée des Tilleuls",
        2,
        &[
            (RequestStatus::Acknowledged, "Enlèvement programmé."),
            (
                RequestStatus::InProgress,
                "L'équipe propreté intervient aujourd'hui.",
            ),
        ],
    ),
    (
        "espaces-verts",
        "Grosse branche cassée au-dessus de l'allée du parc.",
        "Parc municipal, entrée nord",
        0,
        &[
            (
                RequestStatus::Acknowledged,
                "Un agent va sécuriser la zone.",
            ),
            (
                RequestStatus::Resolved,
                "La branche a été coupée et évacuée.",
            ),
        ],
    ),
    (
        "proprete-collecte",
        "Les bacs jaunes n'ont pas été collectés mardi.",
        "Rue des Vignes",
        1,
        &[(
            RequestStatus::Closed,
            "Collecte rattrapée jeudi par le prestataire.",
        )],
    ),
    (
        "mobilier-urbain",
        "Je voudrais un terrain de padel à la place du parking.",
        "Parking de la gare",
        2,
        &[(
            RequestStatus::Rejected,
            "Cette demande relève d'une consultation, pas d'un signalement.",
        )],
    ),
    (
        "eclairage-panne",
        "Lampadaire éteint place de la République, côté boulangerie.",
        "Place de la République",
        2,
        &[(
            RequestStatus::Duplicate,
            "Déjà signalé : voir la demande d'origine.",
        )],
    ),
    (
        "voirie-signalisation",
        "Le panneau stop est couché au carrefour.",
        "Carrefour rue Haute / rue Basse",
        1,
        &[(
            RequestStatus::InProgress,
            "Panneau commandé, pose la semaine prochaine.",
        )],
    ),
];

/// Seeds categories and requests into `town`. `residents` are verified as living in the town;
/// `staff` performs the status changes.
pub async fn seed(
    tx: &mut Tx,
    settings: &Settings,
    town: &Town,
    residents: &[User],
    staff: &User,
) -> anyhow::Result<()> {
    let now = now();
    for resident in residents {
        residency::upsert(
            tx,
            &residency::Verification {
                user_id: &resident.id,
                town_id: &town.id,
                district: "Centre",
                method: ResidencyMethod::Manual,
                census_reference: None,
                census_key: None,
                verified_by: Some(&staff.id),
                reason: Some("démonstration"),
                verified_at: now,
                expires_at: now + 365 * 86_400,
            },
        )
        .await?;
    }
    for c in categories() {
        categories::insert(tx, &town.id, &c).await?;
    }
    let ctx = Ctx::new(settings, town);
    let mut first_lamp = None;
    for (code, description, address, who, path) in REQUESTS {
        let category = categories::by_code(tx, &town.id, code)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo category {code} missing"))?;
        let mut attributes = std::collections::BTreeMap::new();
        if code == "voirie-nid-de-poule" {
            attributes.insert(
                "emplacement".into(),
                AttributeAnswer::One("chaussee".into()),
            );
            attributes.insert("profondeur".into(), AttributeAnswer::One("10".into()));
        }
        let new = NewRequest {
            category: category.code.clone(),
            description: description.into(),
            address: Some(address.into()),
            location: Some(Location {
                lat: 47.3941 + 0.001 * who as f64,
                lon: 0.6848 - 0.001 * path.len() as f64,
            }),
            attributes,
        };
        let checked = service::check(tx, town, &new)
            .await
            .map_err(|e| anyhow::anyhow!("demo request refused: {e:?}"))?;
        let reporter = &residents[who % residents.len()];
        let filed = service::file(
            tx,
            ctx,
            &checked,
            &[],
            Reporter::Account(reporter),
            Language::Fr,
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo request refused: {e:?}"))?;
        if code == "eclairage-panne" && first_lamp.is_none() {
            first_lamp = Some(filed.number.clone());
        }
        for (status, reason) in path {
            let request = repo::by_id(tx, &town.id, &filed.id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("demo request vanished"))?;
            let change = StatusChange {
                status: *status,
                reason: (*reason).into(),
                duplicate_of: (*status == RequestStatus::Duplicate)
                    .then(|| first_lamp.clone())
                    .flatten(),
            };
            service::change_status(tx, ctx, &request, staff, &change)
                .await
                .map_err(|e| anyhow::anyhow!("demo status change refused: {e:?}"))?;
        }
    }
    Ok(())
}
