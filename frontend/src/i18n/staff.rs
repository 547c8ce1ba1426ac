//! The staff's and administrators' pages: categories, flags, the audit log, the census and manual residency checks, and the consultation set-up.

use super::*;
use protocol::api::Language;

/// A fixed text of this area; [`Text::pair`] gives its French and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Staff {
    CensusTitle,
    CensusIntro,
    CensusNone,
    FieldCensusFile,
    HintCensusFile,
    CensusSubmit,
    ErrFileRequired,
    CensusRejectedTitle,
    CensusRejectedIntro,
    CensusRejectedCaption,
    ColLine,
    ColColumn,
    ColProblem,
    ManualTitle,
    ManualIntro,
    ManualSearchSubmit,
    ManualAccountTitle,
    FieldDistrict,
    FieldReason,
    HintReason,
    ManualSubmit,
    ManualRevokeSubmit,
    ManualVerified,
    ManualRevoked,
    ErrDistrictRequired,
    ErrReasonRequired,
    ErrAccountNotFound,
    NavCategories,
    NavFlags,
    NavResidents,
    NavCensus,
    NavAudit,
    CategoriesTitle,
    CategoriesIntro,
    NewCategory,
    CategoriesEmpty,
    NoGroup,
    CategoryActive,
    CategoryRetired,
    ColName,
    ColCode,
    ColState,
    ColQuestions,
    ColActions,
    CategoryFormNewTitle,
    FieldCode,
    HintCategoryCode,
    CodeFixed,
    FieldGroup,
    HintGroup,
    FieldNameFr,
    FieldNameEn,
    FieldDescriptionFr,
    FieldDescriptionEn,
    HintCategoryDescription,
    FieldKeywords,
    HintKeywords,
    FieldCategoryActive,
    HintCategoryActive,
    AttributesTitle,
    AttributesIntro,
    AttributesNone,
    AddAttribute,
    FieldAttrCode,
    HintAttrCode,
    FieldDatatype,
    DatatypeString,
    DatatypeText,
    DatatypeNumber,
    DatatypeDatetime,
    DatatypeSingle,
    DatatypeMulti,
    FieldAttrRequired,
    FieldLabelFr,
    FieldLabelEn,
    FieldHelpFr,
    FieldHelpEn,
    HintHelp,
    FieldChoicesLegend,
    FieldChoiceKey,
    FieldChoiceFr,
    FieldChoiceEn,
    AddChoice,
    RemoveQuestion,
    QuestionRemoved,
    ChoiceRemoved,
    SaveCategory,
    CategorySaved,
    CategoryCreated,
    ErrCategoryCode,
    ErrCategoryCodeTaken,
    ErrNameFrRequired,
    ErrNameEnRequired,
    ErrCategoryName,
    ErrCategoryDescription,
    ErrCategoryGroup,
    ErrTooManyAttributes,
    ErrAttributesInvalid,
    ErrAttrCode,
    ErrAttrCodeDuplicate,
    ErrLabelFrRequired,
    ErrLabelEnRequired,
    ErrChoicesRequired,
    ErrChoiceKey,
    ErrChoiceKeyDuplicate,
    ErrChoiceFrRequired,
    ErrChoiceEnRequired,
    FlagsTitle,
    FlagsIntro,
    FlagsEmpty,
    ColRequest,
    ColFlaggedContent,
    ColReason,
    ColDate,
    FlaggedDescription,
    FlaggedPhoto,
    ResolveFlag,
    FlagResolved,
    AuditTitle,
    AuditIntro,
    AuditChainValid,
    AuditChainValidText,
    AuditChainBroken,
    AuditEmpty,
    ColAction,
    ColActor,
    ColTarget,
    ColHash,
    AuditSystem,
    ActionPublicUpdate,
    ActionInternalNote,
    ActionAssign,
    ActionHide,
    ActionFlagResolved,
    ActionBlock,
    ActionUnblock,
    ActionCategoryCreate,
    ActionCategoryUpdate,
    ActionTotpReset,
    ActionCensusImport,
    ActionResidencyVerify,
    ActionResidencyRevoke,
    ActionDirectoryCreated,
    ActionDirectoryRole,
    ActionDirectoryDisabled,
}

impl Text for Staff {
    fn pair(self) -> (&'static str, &'static str) {
        use Staff::*;
        match self {
            CensusTitle => ("Recensement des habitants", "Residents’ census"),
            CensusIntro => (
                "Importez le fichier CSV du recensement : il remplace entièrement le précédent, et seulement si toutes ses lignes sont valides. Colonnes (ligne d’en-tête) : nom, prenom, date_naissance, reference, adresse, quartier — une date de naissance ou une référence par ligne. Séparateur point-virgule ou virgule ; encodage UTF-8 ou Windows-1252 (Excel) ; 10 Mo au plus.",
                "Import the census CSV file: it replaces the previous one entirely, and only if every row is valid. Columns (header line): last_name, first_name, birth_date, reference, address, district — a date of birth or a reference on each row. Semicolon or comma separated; UTF-8 or Windows-1252 (Excel) encoding; 10 MB at most.",
            ),
            CensusNone => (
                "Aucun recensement n’a encore été importé.",
                "No census has been imported yet.",
            ),
            FieldCensusFile => ("Fichier du recensement (CSV)", "Census file (CSV)"),
            HintCensusFile => (
                "Un fichier .csv exporté de votre tableur (Excel : « CSV (séparateur : point-virgule) »).",
                "A .csv file exported from your spreadsheet (Excel: “CSV (semicolon delimited)”).",
            ),
            CensusSubmit => ("Importer", "Import"),
            ErrFileRequired => ("Choisissez un fichier CSV.", "Choose a CSV file."),
            CensusRejectedTitle => (
                "Fichier refusé : rien n’a été importé",
                "File refused: nothing was imported",
            ),
            CensusRejectedIntro => (
                "Corrigez les lignes ci-dessous dans votre tableur, puis importez à nouveau le fichier. Le recensement précédent reste en vigueur.",
                "Correct the rows below in your spreadsheet, then import the file again. The previous census stays in force.",
            ),
            CensusRejectedCaption => ("Lignes refusées", "Refused rows"),
            ColLine => ("Ligne", "Line"),
            ColColumn => ("Colonne", "Column"),
            ColProblem => ("Problème", "Problem"),
            ManualTitle => ("Vérifier une résidence", "Verify a residency"),
            ManualIntro => (
                "Recherchez le compte par son adresse électronique, puis vérifiez sa résidence après avoir vu un justificatif. Chaque vérification ou retrait est inscrit au journal d’audit avec votre identité et le motif.",
                "Find the account by its email address, then verify its residency after seeing a proof of address. Every verification or revocation is written to the audit log with your identity and the reason.",
            ),
            ManualSearchSubmit => ("Rechercher", "Search"),
            ManualAccountTitle => ("Compte trouvé", "Account found"),
            FieldDistrict => ("Quartier", "District"),
            FieldReason => ("Motif", "Reason"),
            HintReason => (
                "Conservé dans le journal d’audit, par exemple « justificatif de domicile présenté au guichet ».",
                "Kept in the audit log, for example “proof of address shown at the desk”.",
            ),
            ManualSubmit => ("Vérifier ce compte", "Verify this account"),
            ManualRevokeSubmit => ("Retirer la vérification", "Revoke the verification"),
            ManualVerified => (
                "La résidence de ce compte est vérifiée.",
                "This account’s residency is verified.",
            ),
            ManualRevoked => (
                "La vérification a été retirée.",
                "The verification has been revoked.",
            ),
            ErrDistrictRequired => ("Saisissez le quartier.", "Enter the district."),
            ErrReasonRequired => ("Saisissez le motif.", "Enter the reason."),
            ErrAccountNotFound => (
                "Aucun compte de la commune n’a cette adresse.",
                "No account of this town has this address.",
            ),
            NavCategories => ("Catégories", "Categories"),
            NavFlags => ("Signalements", "Flagged content"),
            NavResidents => ("Résidence", "Residency"),
            NavCensus => ("Recensement", "Census"),
            NavAudit => ("Journal d’audit", "Audit log"),
            CategoriesTitle => ("Catégories de demandes", "Request categories"),
            CategoriesIntro => (
                "Les catégories proposées aux habitants quand ils signalent un problème, avec leurs questions complémentaires. Une catégorie retirée n’est plus proposée, mais ses demandes restent consultables.",
                "The categories offered to residents when they report a problem, with their extra questions. A retired category is no longer offered, but its requests remain available.",
            ),
            NewCategory => ("Nouvelle catégorie", "New category"),
            CategoriesEmpty => (
                "Aucune catégorie pour le moment\u{a0}: créez la première.",
                "No category yet: create the first one.",
            ),
            NoGroup => ("Sans groupe", "No group"),
            CategoryActive => ("Active", "Active"),
            CategoryRetired => ("Retirée", "Retired"),
            ColName => ("Nom", "Name"),
            ColCode => ("Code", "Code"),
            ColState => ("État", "State"),
            ColQuestions => ("Questions", "Questions"),
            ColActions => ("Actions", "Actions"),
            CategoryFormNewTitle => ("Nouvelle catégorie", "New category"),
            FieldCode => ("Code", "Code"),
            HintCategoryCode => (
                "Identifiant technique (Open311)\u{a0}: lettres minuscules sans accent, chiffres, «\u{a0}-\u{a0}» et «\u{a0}_\u{a0}», 40 caractères au plus. Il ne pourra plus être modifié.",
                "Technical identifier (Open311): lower-case letters without accents, digits, “-” and “_”, at most 40 characters. It cannot be changed later.",
            ),
            CodeFixed => ("Code (non modifiable)", "Code (cannot be changed)"),
            FieldGroup => ("Groupe", "Group"),
            HintGroup => (
                "Facultatif. Les catégories d’un même groupe sont présentées ensemble, par exemple «\u{a0}Voirie\u{a0}».",
                "Optional. Categories of the same group are shown together, for example “Roads”.",
            ),
            FieldNameFr => ("Nom en français", "Name in French"),
            FieldNameEn => ("Nom en anglais", "Name in English"),
            FieldDescriptionFr => ("Description en français", "Description in French"),
            FieldDescriptionEn => ("Description en anglais", "Description in English"),
            HintCategoryDescription => (
                "Facultatif. Affichée aux habitants quand ils choisissent cette catégorie.",
                "Optional. Shown to residents when they choose this category.",
            ),
            FieldKeywords => ("Mots-clés", "Keywords"),
            HintKeywords => (
                "Facultatif. Séparés par des virgules, par exemple «\u{a0}trou, chaussée\u{a0}».",
                "Optional. Separated by commas, for example “hole, road”.",
            ),
            FieldCategoryActive => ("Catégorie active", "Active category"),
            HintCategoryActive => (
                "Décochez pour retirer la catégorie\u{a0}: elle ne sera plus proposée aux habitants.",
                "Untick to retire the category: it will no longer be offered to residents.",
            ),
            AttributesTitle => ("Questions complémentaires", "Extra questions"),
            AttributesIntro => (
                "Posées aux habitants après le choix de cette catégorie, dans cet ordre (20 au plus).",
                "Asked of residents once they choose this category, in this order (at most 20).",
            ),
            AttributesNone => ("Aucune question complémentaire.", "No extra question."),
            AddAttribute => ("Ajouter une question", "Add a question"),
            FieldAttrCode => ("Code de la question", "Question code"),
            HintAttrCode => (
                "Lettres minuscules sans accent, chiffres et «\u{a0}_\u{a0}»\u{a0}; unique dans la catégorie.",
                "Lower-case letters without accents, digits and “_”; unique in the category.",
            ),
            FieldDatatype => ("Type de réponse", "Answer type"),
            DatatypeString => ("Texte court", "Short text"),
            DatatypeText => ("Texte long", "Long text"),
            DatatypeNumber => ("Nombre", "Number"),
            DatatypeDatetime => ("Date et heure", "Date and time"),
            DatatypeSingle => ("Un choix dans une liste", "One choice from a list"),
            DatatypeMulti => (
                "Plusieurs choix dans une liste",
                "Several choices from a list",
            ),
            FieldAttrRequired => ("Réponse obligatoire", "Answer required"),
            FieldLabelFr => ("Question en français", "Question in French"),
            FieldLabelEn => ("Question en anglais", "Question in English"),
            FieldHelpFr => ("Aide en français", "Help in French"),
            FieldHelpEn => ("Aide en anglais", "Help in English"),
            HintHelp => (
                "Facultatif. Affichée sous la question.",
                "Optional. Shown under the question.",
            ),
            FieldChoicesLegend => ("Choix proposés", "Choices offered"),
            FieldChoiceKey => ("Clé", "Key"),
            FieldChoiceFr => ("Libellé en français", "Label in French"),
            FieldChoiceEn => ("Libellé en anglais", "Label in English"),
            AddChoice => ("Ajouter un choix", "Add a choice"),
            RemoveQuestion => ("Retirer la question", "Remove question"),
            QuestionRemoved => ("Question retirée.", "Question removed."),
            ChoiceRemoved => ("Choix retiré.", "Choice removed."),
            SaveCategory => ("Enregistrer la catégorie", "Save the category"),
            CategorySaved => (
                "La catégorie a été enregistrée.",
                "The category has been saved.",
            ),
            CategoryCreated => (
                "La catégorie a été créée.",
                "The category has been created.",
            ),
            ErrCategoryCode => (
                "Saisissez un code de 1 à 40 caractères\u{a0}: lettres minuscules sans accent, chiffres, «\u{a0}-\u{a0}» ou «\u{a0}_\u{a0}».",
                "Enter a code of 1 to 40 characters: lower-case letters without accents, digits, “-” or “_”.",
            ),
            ErrCategoryCodeTaken => (
                "Une catégorie porte déjà ce code\u{a0}: choisissez-en un autre.",
                "A category already has this code: choose another one.",
            ),
            ErrNameFrRequired => ("Saisissez le nom en français.", "Enter the name in French."),
            ErrNameEnRequired => ("Saisissez le nom en anglais.", "Enter the name in English."),
            ErrCategoryName => (
                "Saisissez le nom en français et en anglais (100 caractères au plus).",
                "Enter the name in French and in English (at most 100 characters).",
            ),
            ErrCategoryDescription => (
                "Chaque description fait 1\u{a0}000 caractères au plus.",
                "Each description is at most 1,000 characters long.",
            ),
            ErrCategoryGroup => (
                "Le groupe fait 100 caractères au plus, les mots-clés 300.",
                "The group is at most 100 characters long, the keywords 300.",
            ),
            ErrTooManyAttributes => (
                "Une catégorie a 20 questions complémentaires au plus.",
                "A category has at most 20 extra questions.",
            ),
            ErrAttributesInvalid => (
                "Vérifiez les questions complémentaires\u{a0}: codes, libellés et choix.",
                "Check the extra questions: codes, labels and choices.",
            ),
            ErrAttrCode => (
                "saisissez un code de 1 à 40 caractères\u{a0}: lettres minuscules sans accent, chiffres ou «\u{a0}_\u{a0}».",
                "enter a code of 1 to 40 characters: lower-case letters without accents, digits or “_”.",
            ),
            ErrAttrCodeDuplicate => (
                "une autre question a déjà ce code.",
                "another question already has this code.",
            ),
            ErrLabelFrRequired => (
                "saisissez la question en français.",
                "enter the question in French.",
            ),
            ErrLabelEnRequired => (
                "saisissez la question en anglais.",
                "enter the question in English.",
            ),
            ErrChoicesRequired => ("ajoutez au moins un choix.", "add at least one choice."),
            ErrChoiceKey => (
                "saisissez une clé de 1 à 40 caractères\u{a0}: lettres minuscules sans accent, chiffres, «\u{a0}-\u{a0}» ou «\u{a0}_\u{a0}».",
                "enter a key of 1 to 40 characters: lower-case letters without accents, digits, “-” or “_”.",
            ),
            ErrChoiceKeyDuplicate => (
                "un autre choix a déjà cette clé.",
                "another choice already has this key.",
            ),
            ErrChoiceFrRequired => (
                "saisissez le libellé en français.",
                "enter the label in French.",
            ),
            ErrChoiceEnRequired => (
                "saisissez le libellé en anglais.",
                "enter the label in English.",
            ),
            FlagsTitle => ("Signalements à traiter", "Flagged content to review"),
            FlagsIntro => (
                "Contenus signalés par des habitants. Ouvrez la demande pour lire le contenu et, si besoin, le masquer, puis marquez le signalement comme traité.",
                "Content flagged by residents. Open the request to read the content and hide it if needed, then mark the flag as handled.",
            ),
            FlagsEmpty => (
                "Aucun signalement en attente.",
                "No flag is waiting for review.",
            ),
            ColRequest => ("Demande", "Request"),
            ColFlaggedContent => ("Contenu signalé", "Flagged content"),
            ColReason => ("Motif", "Reason"),
            ColDate => ("Date", "Date"),
            FlaggedDescription => ("Description de la demande", "The request’s description"),
            FlaggedPhoto => ("Photo", "Photo"),
            ResolveFlag => ("Marquer comme traité", "Mark as handled"),
            FlagResolved => (
                "Le signalement a été marqué comme traité.",
                "The flag has been marked as handled.",
            ),
            AuditTitle => ("Journal d’audit", "Audit log"),
            AuditIntro => (
                "Chaque action des agents et des administrateurs est inscrite dans ce journal et chaînée à la précédente par une empreinte SHA-256\u{a0}: une entrée modifiée ou supprimée rompt la chaîne.",
                "Every action of staff and administrators is written to this log and chained to the previous one by a SHA-256 hash: an altered or deleted entry breaks the chain.",
            ),
            AuditChainValid => ("Chaîne d’audit intègre", "Audit chain intact"),
            AuditChainValidText => (
                "Toutes les entrées du journal se vérifient.",
                "Every entry of the log verifies.",
            ),
            AuditChainBroken => ("Chaîne d’audit rompue", "Audit chain broken"),
            AuditEmpty => ("Le journal est vide.", "The log is empty."),
            ColAction => ("Action", "Action"),
            ColActor => ("Auteur", "Actor"),
            ColTarget => ("Cible", "Target"),
            ColHash => ("Empreinte", "Hash"),
            AuditSystem => ("Système", "System"),
            ActionPublicUpdate => ("Message public publié", "Public update posted"),
            ActionInternalNote => ("Note interne ajoutée", "Internal note added"),
            ActionAssign => ("Demande affectée", "Request assigned"),
            ActionHide => ("Contenu masqué", "Content hidden"),
            ActionFlagResolved => ("Signalement traité", "Flag handled"),
            ActionBlock => ("Compte bloqué", "Account blocked"),
            ActionUnblock => ("Compte débloqué", "Account unblocked"),
            ActionCategoryCreate => ("Catégorie créée", "Category created"),
            ActionCategoryUpdate => ("Catégorie modifiée", "Category updated"),
            ActionTotpReset => (
                "Double authentification réinitialisée",
                "Two-factor authentication reset",
            ),
            ActionCensusImport => ("Recensement importé", "Census imported"),
            ActionResidencyVerify => ("Résidence vérifiée", "Residency verified"),
            ActionResidencyRevoke => (
                "Vérification de résidence retirée",
                "Residency verification revoked",
            ),
            ActionDirectoryCreated => (
                "Compte créé depuis l’annuaire",
                "Account created from the directory",
            ),
            ActionDirectoryRole => (
                "Rôle mis à jour depuis l’annuaire",
                "Role updated from the directory",
            ),
            ActionDirectoryDisabled => (
                "Compte désactivé par l’annuaire",
                "Account disabled by the directory",
            ),
        }
    }
}

/// The census in force, on the census page.
pub fn census_summary(lang: Language, entries: u64, file: &str, date: &str) -> String {
    match lang {
        Language::Fr => {
            format!(
                "Recensement en vigueur : {entries} inscriptions, fichier « {file} » importé le {date}."
            )
        }
        Language::En => {
            format!("Census in force: {entries} entries, file “{file}” imported on {date}.")
        }
    }
}

/// After a successful census import.
pub fn census_imported(lang: Language, rows: u64) -> String {
    match lang {
        Language::Fr => format!("Recensement importé : {rows} lignes."),
        Language::En => format!("Census imported: {rows} rows."),
    }
}

/// The name of a question's answer type, for the category editor.
pub fn datatype_key(datatype: protocol::requests::AttributeType) -> Staff {
    use protocol::requests::AttributeType as T;
    match datatype {
        T::String => Staff::DatatypeString,
        T::Text => Staff::DatatypeText,
        T::Number => Staff::DatatypeNumber,
        T::Datetime => Staff::DatatypeDatetime,
        T::Singlevaluelist => Staff::DatatypeSingle,
        T::Multivaluelist => Staff::DatatypeMulti,
    }
}

/// "Question 2", the legend of an extra question in the category editor.
pub fn question_n(lang: Language, n: usize) -> String {
    match lang {
        Language::Fr => format!("Question {n}"),
        Language::En => format!("Question {n}"),
    }
}

/// "Choix 1", the legend of a list question's choice.
pub fn choice_n(lang: Language, n: usize) -> String {
    match lang {
        Language::Fr => format!("Choix {n}"),
        Language::En => format!("Choice {n}"),
    }
}

/// The accessible name of a question's buttons: "Monter la question 2", "Retirer la question 2".
pub fn question_action(lang: Language, action: QuestionAction, n: usize) -> String {
    match (lang, action) {
        (Language::Fr, QuestionAction::Up) => format!("Monter la question {n}"),
        (Language::Fr, QuestionAction::Down) => format!("Descendre la question {n}"),
        (Language::Fr, QuestionAction::Remove) => format!("Retirer la question {n}"),
        (Language::En, QuestionAction::Up) => format!("Move up question {n}"),
        (Language::En, QuestionAction::Down) => format!("Move down question {n}"),
        (Language::En, QuestionAction::Remove) => format!("Remove question {n}"),
    }
}

/// What a button of a question in the category editor does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionAction {
    Up,
    Down,
    Remove,
}

/// The accessible name of a choice's remove button: "Retirer le choix 2 de la question 1".
pub fn remove_choice(lang: Language, choice: usize, question: usize) -> String {
    match lang {
        Language::Fr => format!("Retirer le choix {choice} de la question {question}"),
        Language::En => format!("Remove choice {choice} of question {question}"),
    }
}

/// The accessible name of a question's "add a choice" button.
pub fn add_choice_to(lang: Language, question: usize) -> String {
    match lang {
        Language::Fr => format!("Ajouter un choix à la question {question}"),
        Language::En => format!("Add a choice to question {question}"),
    }
}

/// Announced after a question moved.
pub fn question_moved(lang: Language, position: usize, total: usize) -> String {
    match lang {
        Language::Fr => format!("Question déplacée en position {position} sur {total}."),
        Language::En => format!("Question moved to position {position} of {total}."),
    }
}

/// Announced after an answer of a consultation's question moved.
pub fn answer_moved(lang: Language, position: usize, total: usize) -> String {
    match lang {
        Language::Fr => format!("Réponse déplacée en position {position} sur {total}."),
        Language::En => format!("Answer moved to position {position} of {total}."),
    }
}

/// An error about one question (or one of its choices) of the category editor, with where it is:
/// "Question 2, choix 1 : saisissez la clé."
pub fn question_error(
    lang: Language,
    question: usize,
    choice: Option<usize>,
    problem: Key,
) -> String {
    let where_ = match (lang, choice) {
        (Language::Fr, Some(c)) => format!("Question {question}, choix {c}"),
        (Language::En, Some(c)) => format!("Question {question}, choice {c}"),
        (_, None) => question_n(lang, question),
    };
    let text = problem.text(lang);
    match lang {
        Language::Fr => format!("{where_}\u{a0}: {text}"),
        Language::En => format!("{where_}: {text}"),
    }
}

/// The heading of the category form when editing: "Modifier « Nid-de-poule »".
pub fn edit_category_title(lang: Language, name: &str) -> String {
    match lang {
        Language::Fr => format!("Modifier «\u{a0}{name}\u{a0}»"),
        Language::En => format!("Edit “{name}”"),
    }
}

/// The accessible name of a category's edit button: "Modifier la catégorie Nid-de-poule".
pub fn edit_category(lang: Language, name: &str) -> String {
    match lang {
        Language::Fr => format!("Modifier la catégorie {name}"),
        Language::En => format!("Edit the category {name}"),
    }
}

/// How many questions a category has, in the list of categories.
pub fn question_count(lang: Language, n: usize) -> String {
    match (lang, n) {
        (Language::Fr, 0) => "Aucune".to_owned(),
        (Language::En, 0) => "None".to_owned(),
        (_, n) => n.to_string(),
    }
}

/// A flagged timeline entry: "Message n° 12 du fil".
pub fn flagged_event(lang: Language, id: i64) -> String {
    match lang {
        Language::Fr => format!("Message n°\u{a0}{id} du fil"),
        Language::En => format!("Timeline entry no. {id}"),
    }
}

/// The end of a flag's "mark as handled" button name, for screen readers: which flag.
pub fn resolve_flag_context(lang: Language, number: &str) -> String {
    match lang {
        Language::Fr => format!(" (signalement sur la demande {number})"),
        Language::En => format!(" (flag on request {number})"),
    }
}

/// The caption of the flags table.
pub fn flags_caption(lang: Language, n: usize) -> String {
    match (lang, n) {
        (Language::Fr, 1) => "1\u{a0}signalement en attente".to_owned(),
        (Language::Fr, n) => format!("{n}\u{a0}signalements en attente"),
        (Language::En, 1) => "1 flag waiting".to_owned(),
        (Language::En, n) => format!("{n} flags waiting"),
    }
}

/// The alert when the audit chain does not verify.
pub fn audit_chain_broken(lang: Language, first_broken: Option<i64>) -> String {
    match (lang, first_broken) {
        (Language::Fr, Some(id)) => format!(
            "L’entrée n°\u{a0}{id} ne se vérifie pas\u{a0}: le journal a pu être modifié à partir de cette entrée. Prévenez le responsable de la sécurité et lancez «\u{a0}voix audit verify\u{a0}» sur le serveur."
        ),
        (Language::Fr, None) => "Le journal ne se vérifie pas\u{a0}: il a pu être modifié. Prévenez le responsable de la sécurité et lancez «\u{a0}voix audit verify\u{a0}» sur le serveur.".to_owned(),
        (Language::En, Some(id)) => format!(
            "Entry no. {id} does not verify: the log may have been altered from that entry on. Tell the security officer and run “voix audit verify” on the server."
        ),
        (Language::En, None) => "The log does not verify: it may have been altered. Tell the security officer and run “voix audit verify” on the server.".to_owned(),
    }
}

/// The caption of the audit table.
pub fn audit_caption(lang: Language, total: u64) -> String {
    match (lang, total) {
        (Language::Fr, 1) => "1\u{a0}entrée dans le journal, la plus récente en premier".to_owned(),
        (Language::Fr, n) => {
            format!("{n}\u{a0}entrées dans le journal, les plus récentes en premier")
        }
        (Language::En, 1) => "1 entry in the log, newest first".to_owned(),
        (Language::En, n) => format!("{n} entries in the log, newest first"),
    }
}

/// An audit action code in words (`request.status.resolved` → "Statut changé : Résolue"), or
/// the code itself when it is not one Voix knows.
pub fn audit_action(lang: Language, action: &str) -> String {
    if let Some(status) = action
        .strip_prefix("request.status.")
        .and_then(protocol::requests::RequestStatus::parse)
    {
        let status = status.text(lang);
        return match lang {
            Language::Fr => format!("Statut changé\u{a0}: {status}"),
            Language::En => format!("Status changed: {status}"),
        };
    }
    let key = match action {
        "request.public_update" => Staff::ActionPublicUpdate,
        "request.internal_note" => Staff::ActionInternalNote,
        "request.assign" => Staff::ActionAssign,
        "moderation.hide" => Staff::ActionHide,
        "moderation.flag_resolved" => Staff::ActionFlagResolved,
        "user.block" => Staff::ActionBlock,
        "user.unblock" => Staff::ActionUnblock,
        "category.create" => Staff::ActionCategoryCreate,
        "category.update" => Staff::ActionCategoryUpdate,
        "user.totp_reset" => Staff::ActionTotpReset,
        "census.import" => Staff::ActionCensusImport,
        "residency.verify" => Staff::ActionResidencyVerify,
        "residency.revoke" => Staff::ActionResidencyRevoke,
        "user.directory_created" => Staff::ActionDirectoryCreated,
        "user.directory_role" => Staff::ActionDirectoryRole,
        "user.directory_disabled" => Staff::ActionDirectoryDisabled,
        other => return other.to_owned(),
    };
    key.text(lang).to_owned()
}
