//! The staff's consultation set-up and lifecycle pages (`/staff/consultations`).

use protocol::consultations::limits::{MAX_BREAKDOWN_MIN_VOTERS, MAX_TRUSTEES};
use protocol::consultations::setup::{SetupField, SetupProblem, SetupProblemKind};

use super::*;
use protocol::api::Language;

/// A fixed text of the consultation set-up and lifecycle pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Setup {
    NavManage,
    ErrThreshold,
    ErrOfficialTwice,
    ErrDistrictTwice,
    ErrNoDistrict,
    ErrNoQuestion,
    ErrClosesRange,
    ErrOpenTooLong,
    ErrClosesBeforeOpening,
    ErrClosesRequired,
    ErrOpensRange,
    ErrOpensRequired,
    WhatOfficials,
    WhatBreakdown,
    WhatThreshold,
    WhatClosing,
    WhatOpening,
    WhatTitle,
    DeleteDraft,
    FreezeStartKeyCeremony,
    OpenVoting,
    CloseVoting,
    Tally,
    ConfirmDelete,
    ConfirmFreeze,
    ConfirmOpen,
    ConfirmClose,
    ConfirmCount,
    DeleteWarning,
    FreezeWarning,
    OpenWarning,
    CloseWarning,
    TallyWarning,
    DraftDeleted,
    Frozen,
    VotingOpen,
    VotingClosed,
    VotesCounted,
    NextFreeze,
    NextCeremony,
    NextOpen,
    NextClose,
    NextTally,
    NextDecryptions,
    NextNone,
    ConsultationSteps,
    DraftCreated,
    AllConsultations,
    StatusIs,
    AnswerRemoved,
    KindQuestion,
    OneChoice,
    SeveralChoices,
    Answers,
    AddAnswer,
    FieldDistricts,
    VoterListLater,
    WhoHoldsKey,
    Warning,
    OfficialsHoldingKey,
    OfficialsHint,
    NoOfficials,
    TextFrench,
    TextEnglish,
    BlankVoteAllowed,
    FewestChoices,
    MostChoices,
    EligibilityAll,
    EligibilitySomeDistricts,
    EligibilityUploadedList,
    TrusteesOfficials,
    TrusteesServerAlone,
    FieldThreshold,
    NewConsultation,
    SetUp,
    DraftSaved,
    TitleDescription,
    HintLocalTime,
    QuestionsHint,
    SaveDraft,
    TitleFrench,
    TitleEnglish,
    OpensDateTime,
    ClosesDateTime,
    FieldDistrictMinimum,
    ServerAlone,
    FrozenOn,
    NoMoreChanges,
    DecryptionKey,
    VoterList,
    FingerprintLater,
    PublicPage,
    BallotBoxBoard,
    HintDistrictMinimum,
    HintThreshold,
    Step1Of3,
    Step2Of3,
    Step3Of3,
    KeyReadyOpen,
    KeyReady,
    CeremonyDone,
    StepPosted,
    Waiting,
    Sent,
    NotYet,
    CurrentStep,
    Decryption,
    ProgressPerOfficial,
    Official,
    PublicPages,
    OfficialsKey,
    RefreshProgress,
    NavConsultationsStaff,
    NoConsultationYet,
    ColStatus,
    Opens,
    Closes,
    ListCaption,
    Title,
    ListIntro,
    ErrVoterFileRequired,
    CurrentList,
    NoListUploaded,
    ListUploaded,
    VoterListHint,
    VotersCSVFile,
    Uploading,
    UploadList,
    VoterFileRefused,
}

impl Text for Setup {
    fn pair(self) -> (&'static str, &'static str) {
        use Setup::*;
        match self {
            NavManage => ("Gérer les consultations", "Manage consultations"),
            ErrThreshold => (
                "Le seuil va de 1 au nombre d’élus choisis.",
                "The threshold is between 1 and the number of officials chosen.",
            ),
            ErrOfficialTwice => (
                "Un élu est choisi deux fois.",
                "An official is chosen twice.",
            ),
            ErrDistrictTwice => (
                "Un quartier est indiqué deux fois.",
                "A district is listed twice.",
            ),
            ErrNoDistrict => (
                "Indiquez au moins un quartier.",
                "Give at least one district.",
            ),
            ErrNoQuestion => (
                "Ajoutez au moins une question.",
                "Add at least one question.",
            ),
            ErrClosesRange => (
                "Date et heure de clôture hors limites.",
                "Closing date and time out of range.",
            ),
            ErrOpenTooLong => (
                "Une consultation reste ouverte un an au plus.",
                "A consultation stays open for a year at most.",
            ),
            ErrClosesBeforeOpening => (
                "La clôture doit suivre l’ouverture.",
                "Voting must close after it opens.",
            ),
            ErrClosesRequired => (
                "Date et heure de clôture : à remplir.",
                "Closing date and time: required.",
            ),
            ErrOpensRange => (
                "Date et heure d’ouverture hors limites.",
                "Opening date and time out of range.",
            ),
            ErrOpensRequired => (
                "Date et heure d’ouverture : à remplir.",
                "Opening date and time: required.",
            ),
            WhatOfficials => ("Élus", "Officials"),
            WhatBreakdown => ("Bulletins par quartier", "Ballots per district"),
            WhatThreshold => ("Seuil", "Threshold"),
            WhatClosing => ("Clôture", "Closing"),
            WhatOpening => ("Ouverture", "Opening"),
            WhatTitle => ("Titre", "Title"),
            DeleteDraft => ("Supprimer le brouillon", "Delete the draft"),
            FreezeStartKeyCeremony => (
                "Figer et lancer la création de la clé",
                "Freeze and start the key ceremony",
            ),
            OpenVoting => ("Ouvrir le scrutin", "Open voting"),
            CloseVoting => ("Clore le scrutin", "Close voting"),
            Tally => ("Dépouiller", "Count"),
            ConfirmDelete => ("Supprimer ce brouillon ?", "Delete this draft?"),
            ConfirmFreeze => ("Figer la consultation ?", "Freeze the consultation?"),
            ConfirmOpen => ("Ouvrir le scrutin ?", "Open voting?"),
            ConfirmClose => ("Clore le scrutin ?", "Close voting?"),
            ConfirmCount => ("Dépouiller le scrutin ?", "Count the votes?"),
            DeleteWarning => (
                "Le brouillon et sa liste d’électeurs seront effacés. Cette action est définitive.",
                "The draft and its voter list will be erased. This cannot be undone.",
            ),
            FreezeWarning => (
                "Les questions, les dates, les électeurs et les détenteurs de la clé ne pourront plus être modifiés. La consultation devient publique et les élus peuvent créer la clé.",
                "The questions, times, voters and key holders can no longer be changed. The consultation becomes public and the officials can create the key.",
            ),
            OpenWarning => (
                "Chaque électeur reçoit par courriel son code de vote. Il n’y a pas de retour en arrière.",
                "Each voter is sent their voting code by email. There is no way back.",
            ),
            CloseWarning => (
                "Plus aucun bulletin ne sera accepté, même avant l’heure de clôture prévue.",
                "No more ballots will be accepted, even before the planned closing time.",
            ),
            TallyWarning => (
                "Le serveur déchiffre le total et publie le résultat ; chaque électeur en est averti.",
                "The server decrypts the total and publishes the result; every voter is told.",
            ),
            DraftDeleted => ("Brouillon supprimé.", "Draft deleted."),
            Frozen => (
                "Consultation figée : la création de la clé a commencé.",
                "Consultation frozen: the key ceremony has started.",
            ),
            VotingOpen => ("Le scrutin est ouvert.", "Voting is open."),
            VotingClosed => ("Le scrutin est clos.", "Voting is closed."),
            VotesCounted => ("Dépouillement fait.", "Votes counted."),
            NextFreeze => (
                "Une fois la préparation terminée, figez la consultation pour lancer la création de la clé.",
                "Once the set-up is complete, freeze the consultation to start the key ceremony.",
            ),
            NextCeremony => (
                "En attente des élus : le scrutin pourra être ouvert quand la clé sera prête.",
                "Waiting for the officials: voting can be opened once the key is ready.",
            ),
            NextOpen => (
                "Ouvrir le scrutin envoie leur code de vote aux électeurs.",
                "Opening voting sends the voters their voting codes.",
            ),
            NextClose => (
                "Le scrutin est ouvert. Il sera clos automatiquement à l’heure de clôture ; « Clore le scrutin » ne sert qu’à l’arrêter plus tôt.",
                "Voting is open. It closes automatically at the closing time; “Close voting” only ends it early.",
            ),
            NextTally => (
                "Le scrutin est clos : il reste à dépouiller.",
                "Voting is closed: the votes remain to be counted.",
            ),
            NextDecryptions => (
                "En attente des déchiffrements des élus : le résultat sera publié dès que le seuil sera atteint.",
                "Waiting for the officials' decryptions: the result is published as soon as the threshold is reached.",
            ),
            NextNone => (
                "Terminé : le résultat est publié.",
                "Done: the result is published.",
            ),
            ConsultationSteps => ("Étapes de la consultation", "Consultation steps"),
            DraftCreated => ("Brouillon créé.", "Draft created."),
            AllConsultations => ("← Toutes les consultations", "← All consultations"),
            StatusIs => ("État : ", "Status: "),
            AnswerRemoved => ("Réponse retirée.", "Answer removed."),
            KindQuestion => ("Type de question", "Kind of question"),
            OneChoice => ("Un seul choix", "One choice"),
            SeveralChoices => ("Plusieurs choix", "Several choices"),
            Answers => ("Réponses", "Answers"),
            AddAnswer => ("Ajouter une réponse", "Add an answer"),
            FieldDistricts => (
                "Quartiers (séparés par des virgules ou un par ligne)",
                "Districts (comma-separated or one per line)",
            ),
            VoterListLater => (
                "Enregistrez le brouillon, puis importez la liste plus bas sur cette page.",
                "Save the draft, then upload the list further down this page.",
            ),
            WhoHoldsKey => (
                "Qui détient la clé de déchiffrement",
                "Who holds the decryption key",
            ),
            Warning => ("Attention :", "Warning:"),
            OfficialsHoldingKey => ("Élus détenteurs de la clé", "Officials holding the key"),
            OfficialsHint => (
                "Chaque élu choisi crée sa part de la clé dans son navigateur ; il suffit du seuil d’élus pour déchiffrer le résultat.",
                "Each official chosen creates their share of the key in their browser; the threshold number of them is enough to decrypt the result.",
            ),
            NoOfficials => (
                "Aucun compte d’élu dans la commune.",
                "No official's account in the town.",
            ),
            TextFrench => ("Texte (français)", "Text (French)"),
            TextEnglish => ("Texte (anglais)", "Text (English)"),
            BlankVoteAllowed => ("Vote blanc permis", "Blank vote allowed"),
            FewestChoices => ("Nombre minimal de choix", "Fewest choices"),
            MostChoices => ("Nombre maximal de choix", "Most choices"),
            EligibilityAll => ("Tous les habitants vérifiés", "Every verified resident"),
            EligibilitySomeDistricts => (
                "Les habitants vérifiés de certains quartiers",
                "Verified residents of some districts",
            ),
            EligibilityUploadedList => (
                "Une liste d’électeurs importée (fichier CSV)",
                "An uploaded voter list (CSV file)",
            ),
            TrusteesOfficials => ("Des élus (recommandé)", "Elected officials (recommended)"),
            TrusteesServerAlone => (
                "Le serveur seul (essais uniquement)",
                "The server alone (trials only)",
            ),
            FieldThreshold => (
                "Seuil : nombre d’élus nécessaires au déchiffrement",
                "Threshold: officials needed to decrypt",
            ),
            NewConsultation => ("Nouvelle consultation", "New consultation"),
            SetUp => ("Préparation", "Set-up"),
            DraftSaved => ("Brouillon enregistré.", "Draft saved."),
            TitleDescription => ("Titre et présentation", "Title and description"),
            HintLocalTime => (
                "Heure locale de votre ordinateur.",
                "Your computer's local time.",
            ),
            QuestionsHint => (
                "Chaque question a au moins deux réponses, en français et en anglais. Les boutons déplacent ou retirent une question ou une réponse.",
                "Each question has at least two answers, in French and English. The buttons move or remove a question or an answer.",
            ),
            SaveDraft => ("Enregistrer le brouillon", "Save draft"),
            TitleFrench => ("Titre (français)", "Title (French)"),
            TitleEnglish => ("Titre (anglais)", "Title (English)"),
            OpensDateTime => ("Ouverture (date et heure)", "Opens (date and time)"),
            ClosesDateTime => ("Clôture (date et heure)", "Closes (date and time)"),
            FieldDistrictMinimum => (
                "Résultats par quartier : nombre minimum de bulletins comptés",
                "Results by district: minimum number of counted ballots",
            ),
            ServerAlone => ("le serveur seul", "the server alone"),
            FrozenOn => ("Préparation figée le ", "Set-up frozen on "),
            NoMoreChanges => (
                "Elle ne peut plus être modifiée.",
                "It can no longer be changed.",
            ),
            DecryptionKey => ("Clé de déchiffrement", "Decryption key"),
            VoterList => ("Liste d’électeurs", "Voter list"),
            FingerprintLater => ("connue à l’ouverture du scrutin", "known once voting opens"),
            PublicPage => ("Page publique", "Public page"),
            BallotBoxBoard => ("Urne (bulletins reçus)", "Ballot box (board)"),
            HintDistrictMinimum => (
                "Un quartier qui a moins de bulletins comptés n’a aucun résultat publié, pour protéger le secret du vote. Par défaut 10.",
                "A district with fewer counted ballots gets no published result, to protect the secrecy of the vote. Default 10.",
            ),
            HintThreshold => ("Par défaut 2 (sur 3 élus).", "Default 2 (of 3 officials)."),
            Step1Of3 => (
                "Étape 1 sur 3 : chaque élu crée sa clé.",
                "Step 1 of 3: each official creates their key.",
            ),
            Step2Of3 => (
                "Étape 2 sur 3 : chaque élu envoie ses parts.",
                "Step 2 of 3: each official sends their shares.",
            ),
            Step3Of3 => (
                "Étape 3 sur 3 : chaque élu vérifie ses parts.",
                "Step 3 of 3: each official checks their shares.",
            ),
            KeyReadyOpen => (
                "La clé de l’élection est prête : le scrutin peut être ouvert.",
                "The election key is ready: voting can be opened.",
            ),
            KeyReady => (
                "La clé de l’élection est prête.",
                "The election key is ready.",
            ),
            CeremonyDone => ("Terminé", "Done"),
            StepPosted => ("Fait", "Done"),
            Waiting => ("En attente", "Waiting"),
            Sent => ("Envoyé", "Sent"),
            NotYet => ("Pas encore", "Not yet"),
            CurrentStep => ("Étape en cours", "Current step"),
            Decryption => ("Déchiffrement", "Decryption"),
            ProgressPerOfficial => ("Avancement par élu", "Progress per official"),
            Official => ("Élu", "Official"),
            PublicPages => ("Pages publiques", "Public pages"),
            OfficialsKey => ("Clé des élus", "Officials' key"),
            RefreshProgress => ("Actualiser l’avancement", "Refresh progress"),
            NavConsultationsStaff => ("Consultations (gestion)", "Consultations (management)"),
            NoConsultationYet => (
                "Aucune consultation pour l’instant.",
                "No consultation yet.",
            ),
            ColStatus => ("État", "Status"),
            Opens => ("Ouverture", "Opens"),
            Closes => ("Clôture", "Closes"),
            ListCaption => (
                "Consultations de la commune, brouillons compris",
                "The town's consultations, drafts included",
            ),
            Title => ("Titre", "Title"),
            ListIntro => (
                "Préparez les consultations de la commune, suivez la création de la clé par les élus, ouvrez et fermez le scrutin, puis publiez le résultat.",
                "Prepare the town's consultations, follow the officials' key ceremony, open and close voting, then publish the result.",
            ),
            ErrVoterFileRequired => (
                "Choisissez d’abord un fichier CSV.",
                "Choose a CSV file first.",
            ),
            CurrentList => ("Liste actuelle :", "Current list:"),
            NoListUploaded => ("Aucune liste importée.", "No list uploaded."),
            ListUploaded => ("Liste importée :", "List uploaded:"),
            VoterListHint => (
                "Pour une consultation sur liste : un fichier CSV, une adresse électronique par ligne, suivie éventuellement d’un poids (« courriel;poids », 1 par défaut). Un nouveau fichier remplace la liste.",
                "For a list consultation: a CSV file, one email address per line, optionally followed by a weight (\"email;weight\", 1 by default). A new file replaces the list.",
            ),
            VotersCSVFile => ("Fichier CSV des électeurs", "Voters' CSV file"),
            Uploading => ("Envoi…", "Uploading…"),
            UploadList => ("Importer la liste", "Upload the list"),
            VoterFileRefused => (
                "Fichier refusé : rien n’a été enregistré",
                "File refused: nothing was stored",
            ),
        }
    }
}

/// Announced after a question was added: "Question 3 ajoutée."
pub fn question_added(lang: Language, n: usize) -> String {
    match lang {
        Language::Fr => format!("Question {n} ajoutée."),
        Language::En => format!("Question {n} added."),
    }
}

/// Announced after an answer was added to a question.
pub fn answer_added(lang: Language, n: usize) -> String {
    match lang {
        Language::Fr => format!("Réponse {n} ajoutée."),
        Language::En => format!("Answer {n} added."),
    }
}

/// The legend of an answer's row: "Réponse 2".
pub fn answer_n(lang: Language, n: usize) -> String {
    match lang {
        Language::Fr => format!("Réponse {n}"),
        Language::En => format!("Answer {n}"),
    }
}

/// The accessible name of a question's "add an answer" button.
pub fn add_answer_to(lang: Language, question: usize) -> String {
    match lang {
        Language::Fr => format!("Ajouter une réponse à la question {question}"),
        Language::En => format!("Add an answer to question {question}"),
    }
}

/// The accessible name of an answer's button: "Monter la réponse 2 de la question 1".
pub fn answer_action(
    lang: Language,
    action: QuestionAction,
    answer: usize,
    question: usize,
) -> String {
    let verb = match action {
        QuestionAction::Up => Common::MoveUp,
        QuestionAction::Down => Common::MoveDown,
        QuestionAction::Remove => Common::Remove,
    }
    .text(lang);
    match lang {
        Language::Fr => format!("{verb} la réponse {answer} de la question {question}"),
        Language::En => format!("{verb} answer {answer} of question {question}"),
    }
}

/// A lifecycle step the server refused, naming the field it objects to.
pub fn refused_field(lang: Language, field: &str, message: &str) -> String {
    match lang {
        Language::Fr => format!("Refusé par le serveur (champ « {field} ») : {message}"),
        Language::En => format!("Refused by the server (field \"{field}\"): {message}"),
    }
}

/// A set-up field the server refused, next to its control.
pub fn server_refuses(lang: Language, what: Key, message: &str) -> String {
    let what = what.text(lang);
    match lang {
        Language::Fr => format!("{what} : le serveur refuse ({message})."),
        Language::En => format!("{what}: the server refuses it ({message})."),
    }
}

/// Who holds the key, on the frozen set-up: "2 élus sur 3 (A, B, C)".
pub fn officials_threshold(lang: Language, threshold: u32, names: &[String]) -> String {
    let (count, names) = (names.len(), names.join(", "));
    match lang {
        Language::Fr => format!("{threshold} élus sur {count} ({names})"),
        Language::En => format!("{threshold} of {count} officials ({names})"),
    }
}

/// The decryption progress: "Déchiffrements reçus : 1 (il en faut 2)."
pub fn decryptions_received(lang: Language, received: u32, needed: u32) -> String {
    match lang {
        Language::Fr => format!("Déchiffrements reçus : {received} (il en faut {needed})."),
        Language::En => format!("Decryptions received: {received} ({needed} needed)."),
    }
}

/// A voter list's size. French takes the singular for 0 and 1 ("0 électeur"), English only
/// for 1.
pub fn voter_summary(lang: Language, voters: u64, total_weight: u64) -> String {
    match (lang, voters) {
        (Language::Fr, 0 | 1) => format!("{voters} électeur, poids total {total_weight}."),
        (Language::Fr, n) => format!("{n} électeurs, poids total {total_weight}."),
        (Language::En, 1) => format!("1 voter, total weight {total_weight}."),
        (Language::En, n) => format!("{n} voters, total weight {total_weight}."),
    }
}

/// A problem of the set-up form (`protocol::consultations::setup`), where it is and what is
/// wrong: "Question 1, réponse 2 : texte en anglais à remplir."
pub fn setup_problem(lang: Language, p: &SetupProblem) -> String {
    use SetupField as F;
    use SetupProblemKind as K;
    let fr = lang == Language::Fr;
    let in_lang = |l: Language| match (fr, l) {
        (true, Language::Fr) => "en français",
        (true, Language::En) => "en anglais",
        (false, Language::Fr) => "in French",
        (false, Language::En) => "in English",
    };
    // What is wrong with a text, after its name.
    let text = |kind: K| match (fr, kind) {
        (true, K::Required) => "à remplir".to_owned(),
        (false, K::Required) => "required".to_owned(),
        (true, K::TooLong(_)) => "trop long".to_owned(),
        (false, K::TooLong(_)) => "too long".to_owned(),
        (true, _) => "avec un caractère interdit".to_owned(),
        (false, _) => "has a character that is not allowed".to_owned(),
    };
    let question = |i: usize| format!("Question {}", i + 1);
    let sep = if fr { " : " } else { ": " };
    match (p.field, p.kind) {
        (F::Title(l), K::TooLong(max)) if fr => {
            format!("Titre {} : {max} caractères au plus.", in_lang(l))
        }
        (F::Title(l), K::TooLong(max)) => {
            format!("Title {}: at most {max} characters.", in_lang(l))
        }
        (F::Title(l), kind) if fr => format!("Titre {} : {}.", in_lang(l), text(kind)),
        (F::Title(l), kind) => format!("Title {}: {}.", in_lang(l), text(kind)),
        (F::Description(l), kind) if fr => format!("Description {} : {}.", in_lang(l), text(kind)),
        (F::Description(l), kind) => format!("Description {}: {}.", in_lang(l), text(kind)),
        (F::OpensAt, K::Required) => Setup::ErrOpensRequired.text(lang).to_owned(),
        (F::OpensAt, _) => Setup::ErrOpensRange.text(lang).to_owned(),
        (F::ClosesAt, K::Required) => Setup::ErrClosesRequired.text(lang).to_owned(),
        (F::ClosesAt, K::ClosesBeforeOpening) => {
            Setup::ErrClosesBeforeOpening.text(lang).to_owned()
        }
        (F::ClosesAt, K::OpenTooLong) => Setup::ErrOpenTooLong.text(lang).to_owned(),
        (F::ClosesAt, _) => Setup::ErrClosesRange.text(lang).to_owned(),
        (F::Questions, K::TooMany(max)) if fr => format!("{max} questions au plus."),
        (F::Questions, K::TooMany(max)) => format!("At most {max} questions."),
        (F::Questions, _) => Setup::ErrNoQuestion.text(lang).to_owned(),
        (F::QuestionText(i, l), kind) if fr => {
            format!("{} : texte {} {}.", question(i), in_lang(l), text(kind))
        }
        (F::QuestionText(i, l), kind) => {
            format!("{}: text {} {}.", question(i), in_lang(l), text(kind))
        }
        (F::QuestionAnswers(i), K::TooMany(max)) if fr => {
            format!("{} : {max} réponses au plus.", question(i))
        }
        (F::QuestionAnswers(i), K::TooMany(max)) => {
            format!("{}: at most {max} answers.", question(i))
        }
        (F::QuestionAnswers(i), _) if fr => format!("{} : deux réponses au moins.", question(i)),
        (F::QuestionAnswers(i), _) => format!("{}: at least two answers.", question(i)),
        (F::QuestionMin(i) | F::QuestionMax(i), K::BlankNeedsMin) if fr => format!(
            "{} : avec le vote blanc, le minimum est d’au moins 1.",
            question(i)
        ),
        (F::QuestionMin(i) | F::QuestionMax(i), K::BlankNeedsMin) => format!(
            "{}: with blank votes, the minimum is at least 1.",
            question(i)
        ),
        (F::QuestionMin(i) | F::QuestionMax(i), K::Bounds(n)) if fr => format!(
            "{} : il faut 1 ≤ minimum ≤ maximum ≤ nombre de réponses ({n}).",
            question(i)
        ),
        (F::QuestionMin(i) | F::QuestionMax(i), K::Bounds(n)) => format!(
            "{}: it needs 1 ≤ minimum ≤ maximum ≤ number of answers ({n}).",
            question(i)
        ),
        (F::QuestionMin(i) | F::QuestionMax(i), _) if fr => format!(
            "{} : une question à choix unique a un minimum et un maximum de 1.",
            question(i)
        ),
        (F::QuestionMin(i) | F::QuestionMax(i), _) => format!(
            "{}: a single-choice question has a minimum and maximum of 1.",
            question(i)
        ),
        (F::Answer(i, j, l), kind) if fr => format!(
            "{}, réponse {} : texte {} {}.",
            question(i),
            j + 1,
            in_lang(l),
            text(kind)
        ),
        (F::Answer(i, j, l), kind) => format!(
            "{}, answer {}: text {} {}.",
            question(i),
            j + 1,
            in_lang(l),
            text(kind)
        ),
        (F::Districts, K::TooFew) => Setup::ErrNoDistrict.text(lang).to_owned(),
        (F::Districts, K::TooMany(max)) if fr => format!("{max} quartiers au plus."),
        (F::Districts, K::TooMany(max)) => format!("At most {max} districts."),
        (F::Districts, K::Duplicate) => Setup::ErrDistrictTwice.text(lang).to_owned(),
        (F::Districts, K::TooLong(max)) if fr => {
            format!("Un nom de quartier a {max} caractères au plus.")
        }
        (F::Districts, K::TooLong(max)) => {
            format!("A district's name has at most {max} characters.")
        }
        (F::Districts, kind) => format!("{}{sep}{}.", Setup::FieldDistricts.text(lang), text(kind)),
        (F::Officials, K::Duplicate) => Setup::ErrOfficialTwice.text(lang).to_owned(),
        (F::Officials, _) if fr => {
            format!("Choisissez de 1 à {MAX_TRUSTEES} élus détenteurs de la clé.")
        }
        (F::Officials, _) => format!("Choose 1 to {MAX_TRUSTEES} officials to hold the key."),
        (F::Threshold, _) => Setup::ErrThreshold.text(lang).to_owned(),
        (F::BreakdownMinVoters, _) => {
            let max = thousands(lang, u64::from(MAX_BREAKDOWN_MIN_VOTERS));
            match lang {
                Language::Fr => {
                    format!("Le nombre minimum de bulletins par quartier va de 1 à {max}.")
                }
                Language::En => {
                    format!("The minimum number of ballots per district is between 1 and {max}.")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::consultations::setup::SetupProblemKind as K;

    fn problem(field: SetupField, kind: K) -> SetupProblem {
        SetupProblem { field, kind }
    }

    #[test]
    fn problems_say_where_and_what_in_both_languages() {
        let answer = problem(SetupField::Answer(0, 1, Language::En), K::Required);
        assert_eq!(
            setup_problem(Language::Fr, &answer),
            "Question 1, réponse 2 : texte en anglais à remplir."
        );
        assert_eq!(
            setup_problem(Language::En, &answer),
            "Question 1, answer 2: text in English required."
        );
        let title = problem(SetupField::Title(Language::Fr), K::Required);
        assert_eq!(
            setup_problem(Language::Fr, &title),
            "Titre en français : à remplir."
        );
        let k = problem(SetupField::BreakdownMinVoters, K::OutOfRange);
        assert!(setup_problem(Language::Fr, &k).ends_with("de 1 à 100\u{a0}000."));
        assert!(setup_problem(Language::En, &k).ends_with("between 1 and 100,000."));
        let officials = problem(SetupField::Officials, K::TooMany(10));
        assert_eq!(
            setup_problem(Language::En, &officials),
            "Choose 1 to 10 officials to hold the key."
        );
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(Language::Fr, 999), "999");
        assert_eq!(thousands(Language::Fr, 1_000), "1\u{a0}000");
        assert_eq!(thousands(Language::En, 1_234_567), "1,234,567");
    }
}
