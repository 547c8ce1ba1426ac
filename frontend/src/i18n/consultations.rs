//! The residents' consultation pages: the list, the vote, the receipt, the bulletin board and the results.

use super::*;
use protocol::api::Language;

/// A fixed text of this area; [`Text::pair`] gives its French and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Consultations {
    NavConsultations,
    ConsultationsTitle,
    ConsultationsIntro,
    ConsultationsEmpty,
    ConsultationsCaption,
    ConsultationsBack,
    ConsultationColTitle,
    ConsultationOpens,
    ConsultationCloses,
    ConsultationDraft,
    ConsultationKeyCeremony,
    ConsultationOpen,
    ConsultationClosed,
    ConsultationTallying,
    ConsultationPublished,
    ConsultationNotFound,
    ConsultationPeriod,
    ConsultationWhoVotes,
    ConsultationFingerprint,
    ConsultationQuestions,
    ConsultationTrustees,
    EligibilityAllVerified,
    EligibilityDistricts,
    EligibilityList,
    QuestionChooseOne,
    QuestionBlankAllowed,
    TrusteesServer,
    VoteTitle,
    VoteLink,
    VoteBackToConsultation,
    VoteIntro,
    VoteRevoteNote,
    VoteNotOpen,
    ConsultationStatusLabel,
    VoteSignInNeeded,
    VoteSignInHint,
    FieldCredential,
    HintCredential,
    HintCredentialFromLink,
    ErrCredentialRequired,
    ErrCredentialInvalid,
    VoteBlank,
    VoteBlankExplained,
    VoteSubmit,
    VoteEncrypting,
    VoteSending,
    VoteErrEncrypt,
    VoteErrNotEligible,
    VoteErrNotOpen,
    VoteErrInvalidBallot,
    VoteAgainTitle,
    VoteAgain,
    ReceiptTitle,
    ReceiptIntro,
    ReceiptTracker,
    ReceiptTime,
    ReceiptSignature,
    ReceiptElection,
    ReceiptDownload,
    ReceiptDownloaded,
    ReceiptDownloadFailed,
    ReceiptEmailed,
    ReceiptRevote,
    ReceiptCheckBoard,
    BoardLink,
    BoardTitle,
    BoardIntro,
    BoardNotOpen,
    BoardElectorate,
    BoardBallots,
    BoardWaiting,
    BoardVoters,
    BoardReceiptKey,
    BoardTrackersTitle,
    BoardColNumber,
    BoardColTracker,
    BoardColCounted,
    BoardCounted,
    BoardReplaced,
    BoardEmpty,
    BoardFoundMark,
    BoardFindTitle,
    FieldTracker,
    HintTracker,
    ErrTrackerRequired,
    BoardFindSubmit,
    BoardTrackerMissing,
    ReceiptCheckTitle,
    ReceiptCheckIntro,
    FieldReceiptFile,
    FieldReceipt,
    ReceiptCheckSubmit,
    ErrReceiptRequired,
    ErrReceiptInvalid,
    ReceiptCheckAllGood,
    ReceiptCheckProblem,
    ReceiptThisElection,
    ReceiptOtherElection,
    ReceiptSignatureValid,
    ReceiptSignatureInvalid,
    ReceiptOnBoard,
    ReceiptWaiting,
    ReceiptNotOnBoard,
    BoardArchiveTitle,
    BoardArchiveText,
    BoardArchiveDownload,
    ResultsLink,
    ResultsNotPublished,
    ResultsPublishedAt,
    ResultsTurnout,
    ResultsElectorate,
    ResultsVoted,
    ResultsTurnoutRate,
    ResultsWeights,
    ResultsPercentNote,
    ResultsColQuestion,
    ResultsColAnswer,
    ResultsColVotes,
    ResultsBreakdownTitle,
    ResultsBreakdownNote,
    ResultsColDistrict,
    ResultsColVoters,
    ResultsColPercent,
    ResultsExportTitle,
    ResultsCsv,
    ResultsCsvSaved,
    ResultsVerify,
}

impl Text for Consultations {
    fn pair(self) -> (&'static str, &'static str) {
        use Consultations::*;
        match self {
            NavConsultations => ("Consultations", "Consultations"),
            ConsultationsTitle => ("Consultations", "Consultations"),
            ConsultationsIntro => (
                "La commune consulte ses habitants par des votes chiffrés et vérifiables : chacun peut vérifier que son bulletin est compté, et personne ne peut savoir ce qu’il contient.",
                "The town consults its residents through encrypted, verifiable ballots: everyone can check that their ballot is counted, and nobody can learn what it contains.",
            ),
            ConsultationsEmpty => (
                "Aucune consultation pour le moment.",
                "No consultations yet.",
            ),
            ConsultationsCaption => ("Consultations de la commune", "The town’s consultations"),
            ConsultationsBack => ("Toutes les consultations", "All consultations"),
            ConsultationColTitle => ("Consultation", "Consultation"),
            ConsultationOpens => ("Ouverture du vote", "Voting opens"),
            ConsultationCloses => ("Clôture du vote", "Voting closes"),
            ConsultationDraft => ("Brouillon", "Draft"),
            ConsultationKeyCeremony => ("Préparation des clés", "Key ceremony"),
            ConsultationOpen => ("Vote ouvert", "Voting open"),
            ConsultationClosed => ("Vote clos", "Voting closed"),
            ConsultationTallying => ("Dépouillement en cours", "Counting"),
            ConsultationPublished => ("Résultats publiés", "Results published"),
            ConsultationNotFound => (
                "Cette consultation n’existe pas ou n’est pas encore publiée.",
                "This consultation does not exist or is not published yet.",
            ),
            ConsultationPeriod => ("Période de vote", "Voting period"),
            ConsultationWhoVotes => ("Qui peut voter", "Who may vote"),
            ConsultationFingerprint => ("Empreinte de l’élection", "Election fingerprint"),
            ConsultationQuestions => ("Questions", "Questions"),
            ConsultationTrustees => ("Garants du dépouillement", "Trustees"),
            EligibilityAllVerified => (
                "Les habitants dont la résidence dans la commune est vérifiée.",
                "Residents whose residence in the town is verified.",
            ),
            EligibilityDistricts => (
                "Les habitants vérifiés de ces quartiers :",
                "Verified residents of these districts:",
            ),
            EligibilityList => (
                "Les personnes inscrites sur la liste des votants de cette consultation.",
                "The people on this consultation’s list of voters.",
            ),
            QuestionChooseOne => ("Une seule réponse.", "One answer."),
            QuestionBlankAllowed => ("Le vote blanc est possible.", "A blank vote is allowed."),
            TrusteesServer => (
                "La clé de déchiffrement est détenue par le serveur de la commune.",
                "The decryption key is held by the town’s server.",
            ),
            VoteTitle => ("Voter", "Vote"),
            VoteLink => ("Voter", "Vote"),
            VoteBackToConsultation => ("Retour à la consultation", "Back to the consultation"),
            VoteIntro => (
                "Votre bulletin est chiffré dans votre navigateur avant d’être envoyé\u{a0}: personne, pas même la mairie, ne peut lire votre choix. Il est signé avec votre code de vote personnel, reçu par courriel.",
                "Your ballot is encrypted in your browser before it is sent: nobody, not even the town hall, can read your choice. It is signed with your personal voting code, received by email.",
            ),
            VoteRevoteNote => (
                "Vous pouvez voter plusieurs fois\u{a0}: seul votre dernier bulletin compte.",
                "You may vote several times: only your last ballot counts.",
            ),
            VoteNotOpen => (
                "Le vote n’est pas ouvert pour cette consultation.",
                "Voting is not open for this consultation.",
            ),
            ConsultationStatusLabel => ("Statut\u{a0}:", "Status:"),
            VoteSignInNeeded => ("Connectez-vous pour voter.", "Sign in to vote."),
            VoteSignInHint => (
                "Après vous être connecté(e), revenez sur cette page par le lien du courriel qui contient votre code de vote, ou saisissez ce code vous-même.",
                "Once signed in, come back to this page through the link in the email that holds your voting code, or type the code yourself.",
            ),
            FieldCredential => ("Code de vote", "Voting code"),
            HintCredential => (
                "Le code reçu par courriel, de la forme XXX-XXX-XXX-XXX-XXX. Il reste dans votre navigateur\u{a0}: seul le bulletin qu’il signe est envoyé.",
                "The code received by email, in the form XXX-XXX-XXX-XXX-XXX. It stays in your browser: only the ballot it signs is sent.",
            ),
            HintCredentialFromLink => (
                "Il a été rempli à partir du lien de votre courriel.",
                "It was filled in from the link in your email.",
            ),
            ErrCredentialRequired => ("Saisissez votre code de vote.", "Enter your voting code."),
            ErrCredentialInvalid => (
                "Ce code de vote n’est pas valide\u{a0}: recopiez-le depuis votre courriel (15 caractères, tirets facultatifs).",
                "This voting code is not valid: copy it again from your email (15 characters, dashes optional).",
            ),
            VoteBlank => ("Vote blanc", "Blank vote"),
            VoteBlankExplained => (
                "Vous pouvez aussi voter blanc\u{a0}: ce choix décoche les réponses.",
                "You may also vote blank: this choice unticks the answers.",
            ),
            VoteSubmit => (
                "Chiffrer et envoyer mon bulletin",
                "Encrypt and cast my ballot",
            ),
            VoteEncrypting => (
                "Chiffrement de votre bulletin et calcul des preuves dans votre navigateur… Cela peut prendre quelques secondes.",
                "Encrypting your ballot and computing its proofs in your browser… This may take a few seconds.",
            ),
            VoteSending => (
                "Envoi de votre bulletin chiffré…",
                "Sending your encrypted ballot…",
            ),
            VoteErrEncrypt => (
                "Votre bulletin n’a pas pu être chiffré dans ce navigateur. Réessayez, ou utilisez un autre navigateur.",
                "Your ballot could not be encrypted in this browser. Try again, or use another browser.",
            ),
            VoteErrNotEligible => (
                "Votre compte ne figure pas parmi les votants de cette consultation. Vérifiez que vous êtes connecté(e) avec l’adresse qui a reçu le code de vote.",
                "Your account is not among this consultation’s voters. Check that you are signed in with the address that received the voting code.",
            ),
            VoteErrNotOpen => (
                "Le vote n’est pas ouvert\u{a0}: il n’a pas encore commencé ou il est clos. Votre bulletin n’a pas été enregistré.",
                "Voting is not open: it has not started yet or it has closed. Your ballot was not recorded.",
            ),
            VoteErrInvalidBallot => (
                "Le bulletin a été refusé. Le plus souvent, le code de vote n’est pas celui de cette consultation\u{a0}: vérifiez-le dans votre courriel.",
                "The ballot was refused. Most often, the voting code is not this consultation’s: check it in your email.",
            ),
            VoteAgainTitle => ("Voter à nouveau", "Vote again"),
            VoteAgain => ("Voter à nouveau", "Vote again"),
            ReceiptTitle => ("Votre bulletin est enregistré", "Your ballot is recorded"),
            ReceiptIntro => (
                "Voici votre reçu, signé par le serveur de la commune\u{a0}: il prouve que votre bulletin a été accepté. Gardez-le.",
                "Here is your receipt, signed by the town’s server: it proves that your ballot was accepted. Keep it.",
            ),
            ReceiptTracker => ("Numéro de suivi du bulletin", "Ballot tracker"),
            ReceiptTime => ("Enregistré le", "Recorded on"),
            ReceiptSignature => ("Signature du serveur", "Server signature"),
            ReceiptElection => ("Identifiant de l’élection", "Election identifier"),
            ReceiptDownload => (
                "Télécharger le reçu (fichier JSON)",
                "Download the receipt (JSON file)",
            ),
            ReceiptDownloaded => ("Le reçu a été téléchargé.", "The receipt was downloaded."),
            ReceiptDownloadFailed => (
                "Le navigateur n’a pas permis le téléchargement.",
                "The browser did not allow the download.",
            ),
            ReceiptEmailed => (
                "Un courriel vous confirme le vote, sans le numéro de suivi\u{a0}: rien de ce que garde la mairie ne doit relier votre adresse à votre bulletin. Téléchargez ou notez ce reçu pour vérifier l’urne.",
                "An email confirms your vote, without the tracker: nothing the town hall keeps may tie your address to your ballot. Download or write down this receipt to check the ballot box.",
            ),
            ReceiptRevote => (
                "Vous pouvez voter à nouveau tant que le vote est ouvert\u{a0}: seul votre dernier bulletin comptera. Les précédents restent sur l’urne, marqués comme remplacés.",
                "You may vote again while voting is open: only your last ballot will count. The earlier ones stay on the ballot box, marked as replaced.",
            ),
            ReceiptCheckBoard => (
                "Vérifier mon bulletin sur l’urne",
                "Check my ballot on the ballot box",
            ),
            BoardLink => ("Urne publique", "Public ballot box"),
            BoardTitle => ("Urne publique", "Public ballot box"),
            BoardIntro => (
                "Chaque bulletin reçu figure ici par son numéro de suivi, sans aucune identité. Les bulletins y paraissent par lots mélangés, pour que rien ne relie un votant à son bulletin\u{a0}: le vôtre peut attendre le prochain lot. Vérifiez qu’il y est, et téléchargez l’archive pour recompter vous-même.",
                "Every ballot received is listed here by its tracker, without any identity. Ballots appear in shuffled batches, so that nothing ties a voter to their ballot: yours may be waiting for the next batch. Check that it is there, and download the archive to recount yourself.",
            ),
            BoardNotOpen => (
                "L’urne sera publique dès l’ouverture du vote.",
                "The ballot box will be public as soon as voting opens.",
            ),
            BoardElectorate => ("Votants inscrits", "Registered voters"),
            BoardBallots => (
                "Bulletins reçus (nouveaux votes compris)",
                "Ballots received (revotes included)",
            ),
            BoardWaiting => (
                "Bulletins en attente du prochain lot",
                "Ballots waiting for the next batch",
            ),
            BoardVoters => (
                "Votants (bulletins qui comptent)",
                "Voters (ballots that count)",
            ),
            BoardReceiptKey => ("Clé publique des reçus", "Receipts’ public key"),
            BoardTrackersTitle => ("Bulletins de l’urne", "Ballots in the box"),
            BoardColNumber => ("N°", "No."),
            BoardColTracker => ("Numéro de suivi", "Tracker"),
            BoardColCounted => ("Prise en compte", "Counts"),
            BoardCounted => ("Compté", "Counted"),
            BoardReplaced => (
                "Remplacé par un vote ultérieur",
                "Replaced by a later ballot",
            ),
            BoardEmpty => ("Aucun bulletin pour le moment.", "No ballots yet."),
            BoardFoundMark => (" (bulletin recherché)", " (the ballot you searched for)"),
            BoardFindTitle => ("Rechercher un numéro de suivi", "Find a ballot tracker"),
            FieldTracker => ("Numéro de suivi", "Ballot tracker"),
            HintTracker => (
                "Tel qu’il figure sur votre reçu.",
                "As shown on your receipt.",
            ),
            ErrTrackerRequired => ("Saisissez un numéro de suivi.", "Enter a ballot tracker."),
            BoardFindSubmit => ("Rechercher", "Search"),
            BoardTrackerMissing => (
                "Aucun bulletin publié sur l’urne n’a ce numéro de suivi. Un bulletin tout juste déposé attend peut-être le prochain lot\u{a0}: vérifiez votre reçu ci-dessous.",
                "No ballot published in the box has this tracker. A ballot cast moments ago may be waiting for the next batch: check your receipt below.",
            ),
            ReceiptCheckTitle => ("Vérifier un reçu", "Check a receipt"),
            ReceiptCheckIntro => (
                "Choisissez le fichier du reçu téléchargé après le vote, ou collez son contenu. Le serveur vérifie sa signature et cherche le bulletin sur l’urne.",
                "Choose the receipt file downloaded after voting, or paste its content. The server checks its signature and looks for the ballot in the box.",
            ),
            FieldReceiptFile => ("Fichier du reçu (JSON)", "Receipt file (JSON)"),
            FieldReceipt => ("Contenu du reçu", "Receipt content"),
            ReceiptCheckSubmit => ("Vérifier le reçu", "Check the receipt"),
            ErrReceiptRequired => (
                "Choisissez le fichier du reçu ou collez son contenu.",
                "Choose the receipt file or paste its content.",
            ),
            ErrReceiptInvalid => (
                "Ce contenu n’est pas un reçu de vote (fichier JSON attendu).",
                "This content is not a ballot receipt (a JSON file is expected).",
            ),
            ReceiptCheckAllGood => (
                "Reçu vérifié\u{a0}: votre bulletin est sur l’urne.",
                "Receipt verified: your ballot is in the box.",
            ),
            ReceiptCheckProblem => (
                "Ce reçu pose problème\u{a0}:",
                "There is a problem with this receipt:",
            ),
            ReceiptThisElection => (
                "Le reçu concerne bien cette consultation.",
                "The receipt is for this consultation.",
            ),
            ReceiptOtherElection => (
                "Le reçu ne concerne pas cette consultation.",
                "The receipt is not for this consultation.",
            ),
            ReceiptSignatureValid => (
                "La signature du serveur est valide.",
                "The server’s signature is valid.",
            ),
            ReceiptSignatureInvalid => (
                "La signature du serveur n’est pas valide\u{a0}: ce reçu n’a pas été émis par la commune, ou il a été modifié.",
                "The server’s signature is not valid: this receipt was not issued by the town, or it was altered.",
            ),
            ReceiptOnBoard => (
                "Le bulletin figure sur l’urne.",
                "The ballot is in the box.",
            ),
            ReceiptWaiting => (
                "Le bulletin est accepté\u{a0}; il paraîtra sur l’urne publique avec le prochain lot, et au plus tard à la clôture.",
                "The ballot is accepted; it will appear on the public ballot box with the next batch, at the latest when voting closes.",
            ),
            ReceiptNotOnBoard => (
                "Le bulletin ne figure pas sur l’urne.",
                "The ballot is not in the box.",
            ),
            BoardArchiveTitle => ("Archive de l’élection", "Election archive"),
            BoardArchiveText => (
                "L’archive contient l’élection, tous les bulletins chiffrés et, après le dépouillement, le résultat et ses preuves. Chacun peut la vérifier avec «\u{a0}belenios-tool election verify\u{a0}» ou «\u{a0}voix verify\u{a0}».",
                "The archive holds the election, every encrypted ballot and, after the count, the result and its proofs. Anyone can check it with “belenios-tool election verify” or “voix verify”.",
            ),
            BoardArchiveDownload => (
                "Télécharger l’archive (.bel)",
                "Download the archive (.bel)",
            ),
            ResultsLink => ("Résultats", "Results"),
            ResultsNotPublished => (
                "Les résultats ne sont pas encore publiés. Ils le seront après la clôture du vote et le dépouillement par les garants.",
                "The results are not published yet. They will be once voting has closed and the trustees have counted the ballots.",
            ),
            ResultsPublishedAt => ("Résultats publiés le", "Results published on"),
            ResultsTurnout => ("Participation", "Turnout"),
            ResultsElectorate => ("Inscrits", "Registered voters"),
            ResultsVoted => ("Votants", "Voters"),
            ResultsTurnoutRate => ("Taux de participation", "Turnout rate"),
            ResultsWeights => ("Voix pondérées", "Weighted votes"),
            ResultsPercentNote => (
                "Les pourcentages sont calculés sur le nombre de votants (voix pondérées le cas échéant)\u{a0}; à une question à plusieurs réponses, leur total peut dépasser 100\u{a0}%.",
                "Percentages are of the voters (weighted votes where weights apply); on a question with several answers, they may add up to more than 100%.",
            ),
            ResultsColQuestion => ("Question", "Question"),
            ResultsColAnswer => ("Réponse", "Answer"),
            ResultsColVotes => ("Voix", "Votes"),
            ResultsBreakdownTitle => ("Résultats par quartier", "Results by district"),
            ResultsBreakdownNote => (
                "Seuls les quartiers comptant assez de votants ont leurs résultats : les autres \
                 sont masqués pour protéger le secret du vote.",
                "Only districts with enough voters have their results: the others are \
                 suppressed to protect the secrecy of the vote.",
            ),
            ResultsColDistrict => ("Quartier", "District"),
            ResultsColVoters => ("Votants", "Voters"),
            ResultsColPercent => ("Part des votants", "Share of voters"),
            ResultsExportTitle => ("Télécharger et vérifier", "Download and verify"),
            ResultsCsv => (
                "Télécharger les résultats (CSV)",
                "Download the results (CSV)",
            ),
            ResultsCsvSaved => (
                "Le fichier CSV a été téléchargé.",
                "The CSV file was downloaded.",
            ),
            ResultsVerify => (
                "Chacun peut vérifier le dépouillement à partir de l’archive publique de l’élection, disponible sur la page de l’urne.",
                "Anyone can check the count from the election’s public archive, available on the ballot box page.",
            ),
        }
    }
}

/// "Du" before the voting period's dates.
pub fn consultation_period(lang: Language) -> &'static str {
    match lang {
        Language::Fr => "Du",
        Language::En => "From",
    }
}

/// "Question 2 : " before a question's text, for screen readers.
pub fn question_number(lang: Language, n: usize) -> String {
    match lang {
        Language::Fr => format!("Question {n}\u{a0}: "),
        Language::En => format!("Question {n}: "),
    }
}

/// The rule of a multiple-choice question.
pub fn question_choose_between(lang: Language, min: u32, max: u32) -> String {
    match (lang, min == max) {
        (Language::Fr, true) => format!("Choisissez exactement {min}\u{a0}réponses."),
        (Language::En, true) => format!("Choose exactly {min} answers."),
        (Language::Fr, false) => format!("Choisissez de {min} à {max}\u{a0}réponses."),
        (Language::En, false) => format!("Choose {min} to {max} answers."),
    }
}

/// Who decrypts: "2 des 3 élus suivants … : A, B, C".
pub fn trustees_officials(lang: Language, threshold: u32, count: usize, names: &str) -> String {
    match lang {
        Language::Fr => format!(
            "Le résultat ne peut être déchiffré qu’avec l’accord d’au moins {threshold} des {count}\u{a0}élus garants\u{a0}: {names}. Un nombre inférieur ne peut rien apprendre des votes."
        ),
        Language::En => format!(
            "The result can only be decrypted by at least {threshold} of the {count} elected trustees: {names}. Fewer of them can learn nothing about the votes."
        ),
    }
}

/// The voting page's heading: "Voter — <consultation>".
pub fn vote_heading(lang: Language, title: &str) -> String {
    match lang {
        Language::Fr => format!("Voter — {title}"),
        Language::En => format!("Vote — {title}"),
    }
}

/// The bulletin board page's heading: "Urne publique — <consultation>".
pub fn board_heading(lang: Language, title: &str) -> String {
    match lang {
        Language::Fr => format!("Urne publique — {title}"),
        Language::En => format!("Public ballot box — {title}"),
    }
}

/// The results page's heading: "Résultats — <consultation>".
pub fn results_heading(lang: Language, title: &str) -> String {
    match lang {
        Language::Fr => format!("Résultats — {title}"),
        Language::En => format!("Results — {title}"),
    }
}

/// Why a question's answer cannot be cast: "Question 2 : choisissez au plus 2 réponses."
pub fn vote_choice_error(
    lang: Language,
    question: usize,
    problem: crate::pages::consultations::ballot::ChoiceError,
) -> String {
    use crate::pages::consultations::ballot::ChoiceError as E;
    let text = match (lang, problem) {
        (Language::Fr, E::Required) => "choisissez une réponse.".to_owned(),
        (Language::En, E::Required) => "choose an answer.".to_owned(),
        (Language::Fr, E::TooFew { min }) => {
            format!("choisissez au moins {min}\u{a0}réponses.")
        }
        (Language::En, E::TooFew { min }) => format!("choose at least {min} answers."),
        (Language::Fr, E::TooMany { max: 1 }) => "choisissez une seule réponse.".to_owned(),
        (Language::En, E::TooMany { max: 1 }) => "choose only one answer.".to_owned(),
        (Language::Fr, E::TooMany { max }) => format!("choisissez au plus {max}\u{a0}réponses."),
        (Language::En, E::TooMany { max }) => format!("choose at most {max} answers."),
        (Language::Fr, E::BlankAndAnswers) => {
            "choisissez des réponses ou le vote blanc, pas les deux.".to_owned()
        }
        (Language::En, E::BlankAndAnswers) => {
            "choose answers or a blank vote, not both.".to_owned()
        }
    };
    match lang {
        Language::Fr => format!("Question {question}\u{a0}: {text}"),
        Language::En => format!("Question {question}: {text}"),
    }
}

/// How many answers are ticked on a multiple-answer question.
pub fn vote_chosen_count(lang: Language, n: usize, max: u32) -> String {
    match lang {
        Language::Fr => format!("Réponses cochées\u{a0}: {n} (au plus {max})."),
        Language::En => format!("Answers ticked: {n} (at most {max})."),
    }
}

/// The caption of the bulletin board's table.
pub fn board_caption(lang: Language, total: usize, page: u32, pages: u32) -> String {
    let pages_text = (pages > 1).then(|| page_of(lang, page, pages, false));
    let base = match (lang, total) {
        (Language::Fr, 1) => "1\u{a0}bulletin, dans l’ordre de réception".to_owned(),
        (Language::Fr, n) => format!("{n}\u{a0}bulletins, dans l’ordre de réception"),
        (Language::En, 1) => "1 ballot, in the order received".to_owned(),
        (Language::En, n) => format!("{n} ballots, in the order received"),
    };
    match pages_text {
        Some(p) => format!("{base} ({p})"),
        None => base,
    }
}

/// The tracker search found the ballot at `position` (1-based).
pub fn tracker_found(lang: Language, position: usize, counted: bool) -> String {
    match (lang, counted) {
        (Language::Fr, true) => {
            format!("Ce bulletin est sur l’urne (n°\u{a0}{position}) et il compte.")
        }
        (Language::Fr, false) => format!(
            "Ce bulletin est sur l’urne (n°\u{a0}{position}), mais un vote ultérieur avec le même code de vote l’a remplacé."
        ),
        (Language::En, true) => {
            format!("This ballot is in the box (no. {position}) and it counts.")
        }
        (Language::En, false) => format!(
            "This ballot is in the box (no. {position}), but a later ballot with the same voting code replaced it."
        ),
    }
}

/// The accessible name of a question's bar chart.
pub fn chart_title(lang: Language, question: &str) -> String {
    match lang {
        Language::Fr => {
            format!("Diagramme en barres des réponses à la question «\u{a0}{question}\u{a0}»")
        }
        Language::En => format!("Bar chart of the answers to the question “{question}”"),
    }
}

/// One answer's result in a chart's text alternative: "Oui : 2 voix (66,7 %)".
pub fn result_item(lang: Language, answer: &str, count: u64, percent: &str) -> String {
    match (lang, count) {
        (Language::Fr, 0 | 1) => format!("{answer}\u{a0}: {count}\u{a0}voix ({percent})"),
        (Language::Fr, _) => format!("{answer}\u{a0}: {count}\u{a0}voix ({percent})"),
        (Language::En, 1) => format!("{answer}: 1 vote ({percent})"),
        (Language::En, _) => format!("{answer}: {count} votes ({percent})"),
    }
}

/// The caption of a question's results table.
pub fn results_table_caption(lang: Language, question: usize) -> String {
    match lang {
        Language::Fr => format!("Résultats de la question {question}"),
        Language::En => format!("Results of question {question}"),
    }
}

/// The caption of a question's table by district.
pub fn breakdown_table_caption(lang: Language, question: usize) -> String {
    match lang {
        Language::Fr => format!("Résultats de la question {question} par quartier"),
        Language::En => format!("Results of question {question} by district"),
    }
}

/// How many districts are not shown: too few voters, or shown they would let anyone work out
/// the votes of a district with too few.
pub fn suppressed_districts(lang: Language, n: u64) -> String {
    match (lang, n) {
        (Language::Fr, 1) => "1\u{a0}quartier n’est pas détaillé\u{a0}: il a trop peu de votants, \
             ou son détail permettrait de déduire le vote d’un quartier qui en a trop peu."
            .to_owned(),
        (Language::Fr, n) => format!(
            "{n}\u{a0}quartiers ne sont pas détaillés\u{a0}: ils ont trop peu de votants, ou \
             leur détail permettrait de déduire le vote d’un quartier qui en a trop peu."
        ),
        (Language::En, 1) => "1 district is not shown: it has too few voters, or showing it \
             would let anyone work out the votes of a district with too few."
            .to_owned(),
        (Language::En, n) => format!(
            "{n} districts are not shown: they have too few voters, or showing them would let \
             anyone work out the votes of a district with too few."
        ),
    }
}

/// Weighted votes cast, out of the electorate's weight.
pub fn results_weights(lang: Language, voted: u64, electorate: u64) -> String {
    match lang {
        Language::Fr => format!("{voted}\u{a0}voix exprimées sur {electorate}"),
        Language::En => format!("{voted} votes cast out of {electorate}"),
    }
}
