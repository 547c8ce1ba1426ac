//! The trustee pages' texts (the key holders' vocabulary), French and English side by side in
//! one exhaustive `match`.

use super::*;
use protocol::api::Language;
use protocol::consultations::{CeremonyStep, TrusteeTask};

/// A fixed text of the trustee pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trustee {
    NavKeys,
    ListTitle,
    ListIntro,
    ListEmpty,
    ColConsultation,
    ColTask,
    SignInNeeded,
    Back,
    PageTitle,
    Intro,
    YourPosition,
    ProgressTitle,
    ColKeyHolder,
    ColDone,
    Yes,
    No,
    TaskTitle,
    KeepSafeTitle,
    KeepSafe1,
    KeepSafe2,
    KeepSafe3,
    Generate,
    Generating,
    Downloaded,
    DownloadAgain,
    DownloadFailed,
    SendCertificate,
    KeyFile,
    KeyFileHint,
    ComputeAndSend,
    Computing,
    ChooseFile,
    UnreadableFile,
    Sent,
    Refresh,
    WaitText,
    DoneText,
    DecryptText,
    PolynomialText,
    VoutputText,
    Offline,
    DownloadTask,
    Decryptions,
}

impl Text for Trustee {
    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Trustee::NavKeys => ("Mes clés", "My keys"),
            Trustee::ListTitle => ("Mes clés de consultation", "My consultation keys"),
            Trustee::ListIntro => (
                "Vous détenez une part de la clé de déchiffrement de ces consultations. Chaque étape se fait sur cette page, dans votre navigateur : votre clé ne quitte jamais votre ordinateur.",
                "You hold a share of the decryption key of these consultations. Each step is done on this page, in your browser: your key never leaves your computer.",
            ),
            Trustee::ListEmpty => (
                "Vous ne détenez de clé d’aucune consultation.",
                "You do not hold a key of any consultation.",
            ),
            Trustee::ColConsultation => ("Consultation", "Consultation"),
            Trustee::ColTask => ("À faire", "To do"),
            Trustee::SignInNeeded => (
                "Connectez-vous avec votre compte d’élu pour voir vos clés.",
                "Sign in with your official's account to see your keys.",
            ),
            Trustee::Back => ("Retour à mes clés", "Back to my keys"),
            Trustee::PageTitle => ("Clé de la consultation", "Consultation key"),
            Trustee::Intro => (
                "La clé qui déchiffrera le résultat est partagée entre plusieurs élus : aucun ne peut déchiffrer seul, et il suffit d’un nombre minimal d’entre eux pour publier le résultat. Les calculs se font dans votre navigateur.",
                "The key that will decrypt the result is shared between several officials: none can decrypt alone, and a minimum number of them is enough to publish the result. The computations happen in your browser.",
            ),
            Trustee::YourPosition => (
                "Votre rang parmi les détenteurs",
                "Your rank among the key holders",
            ),
            Trustee::ProgressTitle => ("Avancement", "Progress"),
            Trustee::ColKeyHolder => ("Détenteur de clé", "Key holder"),
            Trustee::ColDone => ("Étape faite", "Step done"),
            Trustee::Yes => ("Oui", "Yes"),
            Trustee::No => ("Non", "No"),
            Trustee::TaskTitle => ("Votre étape", "Your step"),
            Trustee::KeepSafeTitle => ("Conservez votre fichier de clé", "Keep your key file safe"),
            Trustee::KeepSafe1 => (
                "Le bouton ci-dessous crée votre clé et la télécharge dans un fichier. Ce fichier n’est jamais envoyé au serveur.",
                "The button below creates your key and downloads it as a file. This file is never sent to the server.",
            ),
            Trustee::KeepSafe2 => (
                "Rangez-le en lieu sûr (par exemple sur une clé USB, avec une copie) : il vous sera demandé à chaque étape suivante et pour déchiffrer le résultat.",
                "Store it safely (for example on a USB stick, with a copy): you will be asked for it at every later step and to decrypt the result.",
            ),
            Trustee::KeepSafe3 => (
                "Ne le confiez à personne. Si vous le perdez, vous ne pourrez pas participer au déchiffrement.",
                "Do not give it to anyone. If you lose it, you cannot take part in the decryption.",
            ),
            Trustee::Generate => (
                "Créer ma clé et la télécharger",
                "Create my key and download it",
            ),
            Trustee::Generating => ("Création de la clé…", "Creating the key…"),
            Trustee::Downloaded => (
                "Votre fichier de clé a été téléchargé. Vérifiez qu’il est bien enregistré, puis envoyez votre certificat (la partie publique de la clé).",
                "Your key file has been downloaded. Check that it is saved, then send your certificate (the public part of the key).",
            ),
            Trustee::DownloadAgain => (
                "Télécharger à nouveau le fichier de clé",
                "Download the key file again",
            ),
            Trustee::DownloadFailed => (
                "Le navigateur n’a pas pu télécharger le fichier de clé.",
                "The browser could not download the key file.",
            ),
            Trustee::SendCertificate => ("Envoyer mon certificat", "Send my certificate"),
            Trustee::KeyFile => ("Votre fichier de clé", "Your key file"),
            Trustee::KeyFileHint => (
                "Le fichier .key téléchargé à la première étape. Il est lu dans votre navigateur et n’est pas envoyé.",
                "The .key file downloaded at the first step. It is read in your browser and not sent.",
            ),
            Trustee::ComputeAndSend => ("Calculer et envoyer", "Compute and send"),
            Trustee::Computing => ("Calcul en cours…", "Computing…"),
            Trustee::ChooseFile => ("Choisissez votre fichier de clé.", "Choose your key file."),
            Trustee::UnreadableFile => (
                "Ce fichier ne peut pas être utilisé",
                "This file cannot be used",
            ),
            Trustee::Sent => (
                "Votre message a été vérifié et enregistré.",
                "Your message was verified and saved.",
            ),
            Trustee::Refresh => ("Actualiser", "Refresh"),
            Trustee::WaitText => (
                "Rien à faire pour l’instant : l’étape suivante commencera quand les autres détenteurs auront terminé la leur (ou, pour le déchiffrement, après la clôture du scrutin).",
                "Nothing to do for now: the next step starts when the other key holders have finished theirs (or, for the decryption, once voting has closed).",
            ),
            Trustee::DoneText => (
                "Vous avez terminé : il n’y a plus rien à faire pour cette consultation à ce stade.",
                "You are done: there is nothing more to do for this consultation at this stage.",
            ),
            Trustee::PolynomialText => (
                "Étape 2 sur 3 : avec votre fichier de clé, votre navigateur prépare une part secrète pour chaque détenteur, chiffrée pour lui seul.",
                "Step 2 of 3: with your key file, your browser prepares a secret share for each key holder, encrypted for them only.",
            ),
            Trustee::VoutputText => (
                "Étape 3 sur 3 : votre navigateur vérifie les parts reçues des autres détenteurs et publie votre clé de vérification.",
                "Step 3 of 3: your browser checks the shares received from the other key holders and publishes your verification key.",
            ),
            Trustee::DecryptText => (
                "Le scrutin est clos. Avec votre fichier de clé, votre navigateur calcule votre part du déchiffrement du total chiffré, avec une preuve qu’elle est correcte. Aucun bulletin individuel n’est déchiffré.",
                "Voting has closed. With your key file, your browser computes your share of the decryption of the encrypted total, with a proof that it is correct. No individual ballot is decrypted.",
            ),
            Trustee::Offline => (
                "Vous préférez un ordinateur hors ligne ? Téléchargez le fichier de l’étape et utilisez la commande voix trustee (voir la documentation).",
                "Prefer an offline computer? Download the step's file and use the voix trustee command (see the documentation).",
            ),
            Trustee::DownloadTask => (
                "Télécharger le fichier de l’étape",
                "Download the step's file",
            ),
            Trustee::Decryptions => ("Déchiffrements reçus", "Decryptions received"),
        }
    }
}

/// What the key holder has to do, in a few words.
pub fn task_label(task: TrusteeTask, lang: Language) -> &'static str {
    let (fr, en) = match task {
        TrusteeTask::Certificate => ("Créer ma clé", "Create my key"),
        TrusteeTask::Polynomial => ("Envoyer mes parts (étape 2)", "Send my shares (step 2)"),
        TrusteeTask::Voutput => ("Vérifier les parts (étape 3)", "Check the shares (step 3)"),
        TrusteeTask::Decrypt => ("Déchiffrer le résultat", "Decrypt the result"),
        TrusteeTask::Wait => ("En attente des autres", "Waiting for the others"),
        TrusteeTask::Done => ("Rien à faire", "Nothing to do"),
    };
    match lang {
        Language::Fr => fr,
        Language::En => en,
    }
}

/// The ceremony's step, in a sentence.
pub fn step_label(step: CeremonyStep, lang: Language) -> &'static str {
    let (fr, en) = match step {
        CeremonyStep::Certificates => (
            "Étape 1 sur 3 : chaque détenteur crée sa clé.",
            "Step 1 of 3: each key holder creates their key.",
        ),
        CeremonyStep::Polynomials => (
            "Étape 2 sur 3 : chaque détenteur envoie ses parts chiffrées.",
            "Step 2 of 3: each key holder sends their encrypted shares.",
        ),
        CeremonyStep::Voutputs => (
            "Étape 3 sur 3 : chaque détenteur vérifie les parts reçues.",
            "Step 3 of 3: each key holder checks the shares received.",
        ),
        CeremonyStep::Done => (
            "La clé de l’élection est prête.",
            "The election key is ready.",
        ),
    };
    match lang {
        Language::Fr => fr,
        Language::En => en,
    }
}

/// "Key holder 2 of 3; any 2 can decrypt."
pub fn position_text(lang: Language, position: u32, n: u32, threshold: u32) -> String {
    match lang {
        Language::Fr => format!(
            "Détenteur {position} sur {n} ; {threshold} détenteurs suffisent pour déchiffrer."
        ),
        Language::En => {
            format!("Key holder {position} of {n}; any {threshold} key holders can decrypt.")
        }
    }
}

/// "Key: <title>"
pub fn page_heading(lang: Language, title: &str) -> String {
    match lang {
        Language::Fr => format!("Clé de la consultation « {title} »"),
        Language::En => format!("Key of the consultation “{title}”"),
    }
}
