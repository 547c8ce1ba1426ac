//! Service requests: the form and its map, the request page, the resident's list and the staff's queue.

use super::*;
use protocol::api::Language;
use protocol::requests::RequestStatus;
use protocol::text::request_status_label;

/// A fixed text of this area; [`Text::pair`] gives its French and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Requests {
    NavReport,
    NavMyRequests,
    NavQueue,
    HomeReportLink,
    HomeMyRequestsLink,
    StatusChangeFrom,
    StatusChangeTo,
    EventSubmitted,
    EventStatus,
    EventPublicUpdate,
    EventInternalNote,
    EventComment,
    EventAssignment,
    EventReopened,
    NewRequestTitle,
    NewRequestIntro,
    NewRequestSubmit,
    NoCategories,
    FieldCategory,
    ChooseCategory,
    HintCategory,
    FieldDescription,
    HintDescription,
    WhereLegend,
    FieldAddress,
    HintAddress,
    HintLocate,
    UseMyPosition,
    GeoLocating,
    GeoFound,
    GeoDenied,
    GeoFailed,
    GeoUnsupported,
    Latitude,
    Longitude,
    Accuracy,
    ClearPosition,
    ChooseOption,
    PhotosTitle,
    HintPhotos,
    ChoosePhotos,
    PhotosFull,
    ChosenPhotos,
    PhotoRemoved,
    UploadProgressLabel,
    ResidencyNeededTitle,
    ErrCategoryRequired,
    ErrDescriptionRequired,
    ErrAddressRequired,
    ErrTooLong,
    ErrAnswerRequired,
    ErrChoiceRequired,
    ErrNumber,
    ErrDateTime,
    ErrPhotoType,
    ErrPhotoSize,
    FiledTitle,
    FiledNumberLabel,
    FiledText,
    MyRequestsTitle,
    MyRequestsEmpty,
    MyRequestsEmptyLink,
    ColNumber,
    ColCategory,
    ColStatus,
    ColFiled,
    ColUpdated,
    ColExcerpt,
    ColFollowers,
    ColAge,
    RequestNotFound,
    Coordinates,
    SeeOnMap,
    OpensOtherSite,
    DuplicateOf,
    Reporter,
    Assignee,
    Unassigned,
    AnswersTitle,
    HiddenByModeration,
    FollowersTitle,
    FollowHint,
    MeToo,
    FollowOn,
    FollowOff,
    TimelineTitle,
    ByReporter,
    ViaEmail,
    InternalNoteLabel,
    FlagContent,
    FieldFlagReason,
    HintFlagReason,
    FlagSubmit,
    FlagDone,
    HideContent,
    FieldHideReason,
    HintHideReason,
    HideSubmit,
    HiddenDone,
    CommentTitle,
    FieldComment,
    HintComment,
    CommentSubmit,
    CommentDone,
    ErrCommentRequired,
    ReopenTitle,
    FieldReopenReason,
    ReopenSubmit,
    ReopenDone,
    BackToQueue,
    BackToMyRequests,
    StaffActionsTitle,
    StatusFormTitle,
    FieldNewStatus,
    FieldStatusReason,
    HintStatusReason,
    FieldDuplicateOf,
    HintDuplicateOf,
    StatusSubmit,
    StatusDone,
    ErrStatusRequired,
    ErrDuplicateRequired,
    PublicUpdateTitle,
    FieldPublicUpdate,
    HintPublicUpdate,
    PublicUpdateSubmit,
    PublicUpdateDone,
    InternalNoteTitle,
    FieldInternalNote,
    InternalNoteSubmit,
    InternalNoteDone,
    ErrTextRequired,
    AssignTitle,
    FieldTeam,
    HintTeam,
    AssignSubmit,
    AssignDone,
    MembersLoadFailed,
    BlockTitle,
    FieldBlockReason,
    HintBlockReason,
    BlockSubmit,
    UnblockSubmit,
    BlockDone,
    UnblockDone,
    QueueTitle,
    FiltersTitle,
    FieldSearch,
    AllCategories,
    AllAssignees,
    UnassignedFilter,
    FieldMinAge,
    ErrWholeDays,
    FieldSort,
    SortOldest,
    SortNewest,
    SortRecentlyUpdated,
    SortMostFollowed,
    FilterSubmit,
    FilterReset,
    ResultsTitle,
    CsvExport,
    QueueEmpty,
    MapHint,
    MapControlsLabel,
    MapWest,
    MapNorth,
    MapSouth,
    MapEast,
    MapZoomIn,
    MapZoomOut,
    MapPickCentre,
    MapOsmAttribution,
}

impl Text for Requests {
    fn pair(self) -> (&'static str, &'static str) {
        use Requests::*;
        match self {
            NavReport => ("Signaler un problème", "Report a problem"),
            NavMyRequests => ("Mes demandes", "My requests"),
            NavQueue => ("File des demandes", "Request queue"),
            HomeReportLink => ("Signaler un problème", "Report a problem"),
            HomeMyRequestsLink => ("Suivre mes demandes", "Follow my requests"),
            StatusChangeFrom => ("Statut passé de", "Status changed from"),
            StatusChangeTo => ("à", "to"),
            EventSubmitted => ("Demande déposée", "Request filed"),
            EventStatus => ("Changement de statut", "Status change"),
            EventPublicUpdate => ("Message de la mairie", "Message from the town hall"),
            EventInternalNote => ("Note interne", "Internal note"),
            EventComment => ("Commentaire du demandeur", "Comment from the reporter"),
            EventAssignment => ("Affectation", "Assignment"),
            EventReopened => ("Demande rouverte", "Request reopened"),
            NewRequestTitle => ("Signaler un problème", "Report a problem"),
            NewRequestIntro => (
                "Décrivez le problème et indiquez où il se trouve\u{a0}: les services municipaux vous répondront ici et par e-mail.",
                "Describe the problem and say where it is: the town’s services will answer you here and by email.",
            ),
            NewRequestSubmit => ("Envoyer ma demande", "Send my request"),
            NoCategories => (
                "Aucune catégorie de demande n’est ouverte pour le moment. Contactez la mairie.",
                "No request category is open for now. Please contact the town hall.",
            ),
            FieldCategory => ("Catégorie", "Category"),
            ChooseCategory => ("— Choisir une catégorie —", "— Choose a category —"),
            HintCategory => (
                "Choisissez la catégorie la plus proche du problème.",
                "Choose the category closest to the problem.",
            ),
            FieldDescription => ("Description", "Description"),
            HintDescription => (
                "Que se passe-t-il\u{a0}? Depuis quand\u{a0}? Évitez d’indiquer des informations personnelles\u{a0}: la description peut être visible publiquement.",
                "What is happening? Since when? Avoid personal details: the description may be publicly visible.",
            ),
            WhereLegend => ("Où se trouve le problème\u{a0}?", "Where is the problem?"),
            FieldAddress => ("Adresse ou lieu", "Address or place"),
            HintAddress => (
                "Par exemple «\u{a0}12 rue de la Mairie\u{a0}» ou «\u{a0}parking du stade, près de l’entrée\u{a0}». Obligatoire si vous n’utilisez pas votre position.",
                "For example “12 rue de la Mairie” or “stadium car park, near the entrance”. Required unless you use your position.",
            ),
            HintLocate => (
                "Facultatif\u{a0}: votre navigateur vous demandera l’autorisation de partager votre position.",
                "Optional: your browser will ask for permission to share your position.",
            ),
            UseMyPosition => ("Utiliser ma position", "Use my position"),
            GeoLocating => ("Recherche de votre position…", "Finding your position…"),
            GeoFound => (
                "Position ajoutée à la demande.",
                "Position added to the request.",
            ),
            GeoDenied => (
                "Vous n’avez pas autorisé l’accès à votre position. Indiquez l’adresse à la place.",
                "You did not allow access to your position. Enter the address instead.",
            ),
            GeoFailed => (
                "Votre position n’a pas pu être déterminée. Indiquez l’adresse à la place.",
                "Your position could not be found. Enter the address instead.",
            ),
            GeoUnsupported => (
                "Votre navigateur ne permet pas de partager votre position. Indiquez l’adresse.",
                "Your browser cannot share your position. Enter the address.",
            ),
            Latitude => ("Latitude", "Latitude"),
            Longitude => ("Longitude", "Longitude"),
            Accuracy => ("Précision", "Accuracy"),
            ClearPosition => ("Retirer la position", "Remove the position"),
            ChooseOption => ("— Choisir —", "— Choose —"),
            PhotosTitle => ("Photos", "Photos"),
            HintPhotos => (
                "Facultatif. Jusqu’à 3\u{a0}photos JPEG, PNG ou WebP de 8\u{a0}Mo chacune au plus.",
                "Optional. Up to 3 JPEG, PNG or WebP photos of at most 8 MB each.",
            ),
            ChoosePhotos => ("Ajouter des photos", "Add photos"),
            PhotosFull => (
                "3\u{a0}photos choisies (maximum atteint)",
                "3 photos chosen (maximum reached)",
            ),
            ChosenPhotos => ("Photos choisies", "Chosen photos"),
            PhotoRemoved => ("Photo retirée.", "Photo removed."),
            UploadProgressLabel => ("Envoi de la demande", "Sending the request"),
            ResidencyNeededTitle => (
                "Justificatif de résidence nécessaire",
                "Proof of residency needed",
            ),
            ErrCategoryRequired => ("Choisissez une catégorie.", "Choose a category."),
            ErrDescriptionRequired => ("Décrivez le problème.", "Describe the problem."),
            ErrAddressRequired => (
                "Indiquez une adresse ou un lieu, ou utilisez votre position.",
                "Enter an address or place, or use your position.",
            ),
            ErrTooLong => (
                "Ce texte est trop long\u{a0}: raccourcissez-le.",
                "This text is too long: shorten it.",
            ),
            ErrAnswerRequired => ("Répondez à cette question.", "Answer this question."),
            ErrChoiceRequired => ("Choisissez une réponse.", "Choose an answer."),
            ErrNumber => (
                "Saisissez un nombre, par exemple 2 ou 2,5.",
                "Enter a number, for example 2 or 2.5.",
            ),
            ErrDateTime => (
                "Saisissez une date et une heure valides.",
                "Enter a valid date and time.",
            ),
            ErrPhotoType => (
                "Seules les photos JPEG, PNG ou WebP sont acceptées.",
                "Only JPEG, PNG or WebP photos are accepted.",
            ),
            ErrPhotoSize => (
                "Cette photo dépasse 8\u{a0}Mo\u{a0}: choisissez-en une plus légère.",
                "This photo is larger than 8 MB: choose a smaller one.",
            ),
            FiledTitle => (
                "Votre demande a bien été enregistrée.",
                "Your request has been recorded.",
            ),
            FiledNumberLabel => ("Numéro de suivi\u{a0}:", "Tracking number:"),
            FiledText => (
                "Conservez ce numéro. Un e-mail de confirmation vous a été envoyé, et vous serez prévenu à chaque étape du traitement.",
                "Keep this number. A confirmation email has been sent to you, and you will be told at each step of the handling.",
            ),
            MyRequestsTitle => ("Mes demandes", "My requests"),
            MyRequestsEmpty => (
                "Vous n’avez encore déposé aucune demande.",
                "You have not filed any request yet.",
            ),
            MyRequestsEmptyLink => ("Signaler un problème", "Report a problem"),
            ColNumber => ("Numéro", "Number"),
            ColCategory => ("Catégorie", "Category"),
            ColStatus => ("Statut", "Status"),
            ColFiled => ("Déposée le", "Filed on"),
            ColUpdated => ("Dernière mise à jour", "Last update"),
            ColExcerpt => ("Extrait", "Excerpt"),
            ColFollowers => ("Abonnés", "Followers"),
            ColAge => ("Ancienneté", "Age"),
            RequestNotFound => (
                "Aucune demande ne porte ce numéro. Vérifiez le numéro de suivi.",
                "No request has this number. Check the tracking number.",
            ),
            Coordinates => ("Coordonnées", "Coordinates"),
            SeeOnMap => ("Voir sur OpenStreetMap", "See on OpenStreetMap"),
            OpensOtherSite => ("site externe", "external site"),
            DuplicateOf => ("Doublon de", "Duplicate of"),
            Reporter => ("Demandeur", "Reporter"),
            Assignee => ("Agent assigné", "Assigned to"),
            Unassigned => ("Non assignée", "Unassigned"),
            AnswersTitle => ("Informations complémentaires", "Further details"),
            HiddenByModeration => (
                "Contenu masqué par la modération.",
                "Content hidden by moderation.",
            ),
            FollowersTitle => ("Suivi", "Following"),
            FollowHint => (
                "Vous êtes concerné aussi\u{a0}? Suivez cette demande pour être prévenu par e-mail de son traitement.",
                "Affected too? Follow this request to be told by email how it is handled.",
            ),
            MeToo => ("Moi aussi", "Me too"),
            FollowOn => (
                "Vous suivez cette demande.",
                "You are following this request.",
            ),
            FollowOff => (
                "Vous ne suivez plus cette demande.",
                "You no longer follow this request.",
            ),
            TimelineTitle => ("Historique", "History"),
            ByReporter => ("par le demandeur", "by the reporter"),
            ViaEmail => ("reçu par e-mail", "received by email"),
            InternalNoteLabel => (
                "Note interne — non visible du public",
                "Internal note — not visible to the public",
            ),
            FlagContent => ("Signaler ce contenu", "Report this content"),
            FieldFlagReason => (
                "Pourquoi ce contenu pose-t-il problème\u{a0}?",
                "Why is this content a problem?",
            ),
            HintFlagReason => (
                "Propos injurieux, données personnelles… Les modérateurs de la mairie examineront votre signalement.",
                "Abuse, personal data… The town hall’s moderators will review your report.",
            ),
            FlagSubmit => ("Envoyer le signalement", "Send the report"),
            FlagDone => (
                "Merci, votre signalement a été transmis aux modérateurs.",
                "Thank you, your report has been sent to the moderators.",
            ),
            HideContent => ("Masquer ce contenu", "Hide this content"),
            FieldHideReason => ("Motif du masquage", "Reason for hiding"),
            HintHideReason => (
                "Communiqué à l’auteur et inscrit au journal d’audit.",
                "Sent to the author and written to the audit log.",
            ),
            HideSubmit => ("Masquer", "Hide"),
            HiddenDone => ("Le contenu a été masqué.", "The content has been hidden."),
            CommentTitle => ("Ajouter un commentaire", "Add a comment"),
            FieldComment => ("Votre commentaire", "Your comment"),
            HintComment => (
                "Une précision, une nouvelle information. Votre commentaire est public\u{a0}: \
                 toute personne qui consulte la demande le verra, comme les services municipaux.",
                "A detail, some news. Your comment is public: anyone who views the request will \
                 see it, as will the town’s services.",
            ),
            CommentSubmit => ("Publier le commentaire", "Post the comment"),
            CommentDone => (
                "Votre commentaire a été ajouté.",
                "Your comment has been added.",
            ),
            ErrCommentRequired => ("Saisissez votre commentaire.", "Enter your comment."),
            ReopenTitle => ("Le problème n’est pas réglé\u{a0}?", "Problem not solved?"),
            FieldReopenReason => (
                "Pourquoi rouvrir la demande\u{a0}?",
                "Why reopen the request?",
            ),
            ReopenSubmit => ("Rouvrir la demande", "Reopen the request"),
            ReopenDone => (
                "La demande a été rouverte.",
                "The request has been reopened.",
            ),
            BackToQueue => ("Retour à la file des demandes", "Back to the request queue"),
            BackToMyRequests => ("Retour à mes demandes", "Back to my requests"),
            StaffActionsTitle => ("Traitement de la demande", "Handling the request"),
            StatusFormTitle => ("Changer le statut", "Change the status"),
            FieldNewStatus => ("Nouveau statut", "New status"),
            FieldStatusReason => ("Motif", "Reason"),
            HintStatusReason => (
                "Public\u{a0}: affiché dans l’historique et envoyé par e-mail au demandeur et aux abonnés.",
                "Public: shown in the history and emailed to the reporter and followers.",
            ),
            FieldDuplicateOf => (
                "Numéro de la demande d’origine",
                "Number of the original request",
            ),
            HintDuplicateOf => ("Par exemple 2026-000123.", "For example 2026-000123."),
            StatusSubmit => ("Changer le statut", "Change the status"),
            StatusDone => ("Le statut a été modifié.", "The status has been changed."),
            ErrStatusRequired => ("Choisissez le nouveau statut.", "Choose the new status."),
            ErrDuplicateRequired => (
                "Indiquez le numéro de la demande d’origine.",
                "Enter the number of the original request.",
            ),
            PublicUpdateTitle => ("Message public", "Public message"),
            FieldPublicUpdate => (
                "Message au demandeur et aux abonnés",
                "Message to the reporter and followers",
            ),
            HintPublicUpdate => (
                "Affiché dans l’historique et envoyé par e-mail.",
                "Shown in the history and sent by email.",
            ),
            PublicUpdateSubmit => ("Publier le message", "Post the message"),
            PublicUpdateDone => (
                "Le message a été publié et envoyé.",
                "The message has been posted and sent.",
            ),
            InternalNoteTitle => ("Note interne", "Internal note"),
            FieldInternalNote => ("Note", "Note"),
            InternalNoteSubmit => ("Ajouter la note", "Add the note"),
            InternalNoteDone => (
                "La note interne a été ajoutée.",
                "The internal note has been added.",
            ),
            ErrTextRequired => ("Saisissez un texte.", "Enter some text."),
            AssignTitle => ("Affectation", "Assignment"),
            FieldTeam => ("Équipe", "Team"),
            HintTeam => (
                "Facultatif, par exemple «\u{a0}Voirie\u{a0}».",
                "Optional, for example “Roads”.",
            ),
            AssignSubmit => ("Enregistrer l’affectation", "Save the assignment"),
            AssignDone => (
                "L’affectation a été enregistrée.",
                "The assignment has been saved.",
            ),
            MembersLoadFailed => (
                "La liste des agents n’a pas pu être chargée.",
                "The list of staff could not be loaded.",
            ),
            BlockTitle => ("Bloquer le demandeur", "Block the reporter"),
            FieldBlockReason => ("Motif du blocage", "Reason for blocking"),
            HintBlockReason => (
                "Obligatoire pour bloquer. Communiqué à l’habitant et inscrit au journal d’audit.",
                "Required to block. Sent to the resident and written to the audit log.",
            ),
            BlockSubmit => ("Bloquer le compte", "Block the account"),
            UnblockSubmit => ("Débloquer le compte", "Unblock the account"),
            BlockDone => (
                "Le compte a été bloqué\u{a0}: il ne peut plus publier.",
                "The account has been blocked: it can no longer post.",
            ),
            UnblockDone => (
                "Le compte a été débloqué.",
                "The account has been unblocked.",
            ),
            QueueTitle => ("File des demandes", "Request queue"),
            FiltersTitle => ("Filtrer les demandes", "Filter the requests"),
            FieldSearch => ("Rechercher", "Search"),
            AllCategories => ("Toutes les catégories", "All categories"),
            AllAssignees => ("Tous", "Anyone"),
            UnassignedFilter => ("Non assignées", "Unassigned"),
            FieldMinAge => ("Âge minimal (jours)", "Minimum age (days)"),
            ErrWholeDays => (
                "Saisissez un nombre entier de jours.",
                "Enter a whole number of days.",
            ),
            FieldSort => ("Trier par", "Sort by"),
            SortOldest => ("Plus anciennes", "Oldest first"),
            SortNewest => ("Plus récentes", "Newest first"),
            SortRecentlyUpdated => ("Mises à jour récentes", "Recently updated"),
            SortMostFollowed => ("Plus suivies", "Most followed"),
            FilterSubmit => ("Filtrer", "Filter"),
            FilterReset => ("Réinitialiser", "Reset"),
            ResultsTitle => ("Résultats", "Results"),
            CsvExport => ("Exporter en CSV", "Export as CSV"),
            QueueEmpty => (
                "Aucune demande ne correspond à ces critères.",
                "No request matches these criteria.",
            ),
            MapHint => (
                "Facultatif\u{a0}: cliquez sur la carte à l’endroit du problème, ou déplacez la carte avec les boutons puis placez le repère au centre (marqué d’une croix).",
                "Optional: click the map where the problem is, or move the map with the buttons, then put the marker at its centre (marked with a cross).",
            ),
            MapControlsLabel => ("Carte", "Map"),
            MapWest => ("Déplacer la carte vers l’ouest", "Move the map west"),
            MapNorth => ("Déplacer la carte vers le nord", "Move the map north"),
            MapSouth => ("Déplacer la carte vers le sud", "Move the map south"),
            MapEast => ("Déplacer la carte vers l’est", "Move the map east"),
            MapZoomIn => ("Zoom avant", "Zoom in"),
            MapZoomOut => ("Zoom arrière", "Zoom out"),
            MapPickCentre => (
                "Placer le repère au centre de la carte",
                "Put the marker at the map’s centre",
            ),
            MapOsmAttribution => (
                "© contributeurs OpenStreetMap",
                "© OpenStreetMap contributors",
            ),
        }
    }
}

/// The heading of a category's extra questions.
pub fn questions_about(lang: Language, category: &str) -> String {
    match lang {
        Language::Fr => format!("Précisions sur «\u{a0}{category}\u{a0}»"),
        Language::En => format!("Details about “{category}”"),
    }
}

/// The accessible name of a chosen photo's remove button.
pub fn remove_photo(lang: Language, name: &str) -> String {
    match lang {
        Language::Fr => format!("Retirer la photo {name}"),
        Language::En => format!("Remove the photo {name}"),
    }
}

/// The polite announcement of the upload's progress.
pub fn upload_progress(lang: Language, percent: u32) -> String {
    match (lang, percent) {
        (Language::Fr, 100) => "Envoi terminé, enregistrement de la demande…".to_owned(),
        (Language::En, 100) => "Upload complete, recording the request…".to_owned(),
        (Language::Fr, p) => format!("Envoi en cours\u{a0}: {p}\u{a0}%"),
        (Language::En, p) => format!("Uploading: {p}%"),
    }
}

/// "Demande 2026-000123", the heading and tab title of a request's page.
pub fn request_heading(lang: Language, number: &str) -> String {
    match lang {
        Language::Fr => format!("Demande {number}"),
        Language::En => format!("Request {number}"),
    }
}

/// The alternative text of a request's photo.
pub fn photo_alt(lang: Language, index: usize, number: &str) -> String {
    match lang {
        Language::Fr => format!("Photo {index} de la demande {number}"),
        Language::En => format!("Photo {index} of request {number}"),
    }
}

/// "Motif : …" after a moderation notice.
pub fn reason_is(lang: Language, reason: &str) -> String {
    match lang {
        Language::Fr => format!("Motif\u{a0}: {reason}"),
        Language::En => format!("Reason: {reason}"),
    }
}

/// How many people follow a request.
pub fn followers(lang: Language, n: u64) -> String {
    match (lang, n) {
        (Language::Fr, 0) => "Personne ne suit encore cette demande.".to_owned(),
        (Language::Fr, 1) => "1 personne suit cette demande.".to_owned(),
        (Language::Fr, n) => format!("{n} personnes suivent cette demande."),
        (Language::En, 0) => "Nobody follows this request yet.".to_owned(),
        (Language::En, 1) => "1 person follows this request.".to_owned(),
        (Language::En, n) => format!("{n} people follow this request."),
    }
}

/// Who wrote a timeline entry.
pub fn by_actor(lang: Language, actor: &str) -> String {
    match lang {
        Language::Fr => format!("par {actor}"),
        Language::En => format!("by {actor}"),
    }
}

/// The reopening window, on the reporter's view of a final request.
pub fn reopen_until(lang: Language, date: &str) -> String {
    match lang {
        Language::Fr => {
            format!("Si le problème persiste, vous pouvez rouvrir cette demande jusqu’au {date}.")
        }
        Language::En => {
            format!("If the problem remains, you can reopen this request until {date}.")
        }
    }
}

/// The introduction of the block form.
pub fn block_intro(lang: Language, name: &str) -> String {
    match lang {
        Language::Fr => format!(
            "Un compte bloqué peut toujours consulter les demandes mais ne peut plus en déposer, \
             commenter ni signaler. Demandeur\u{a0}: {name}."
        ),
        Language::En => format!(
            "A blocked account can still read requests but can no longer file, comment on or \
             flag them. Reporter: {name}."
        ),
    }
}

/// The caption of the "my requests" table (`capped`: there are more than `total`).
pub fn my_requests_caption(lang: Language, total: u64, capped: bool) -> String {
    match (lang, total, capped) {
        (Language::Fr, n, true) => format!("Vos demandes (plus de {n}\u{a0}demandes)"),
        (Language::En, n, true) => format!("Your requests (more than {n} requests)"),
        (Language::Fr, 1, _) => "Vos demandes (1\u{a0}demande)".to_owned(),
        (Language::Fr, n, _) => format!("Vos demandes ({n}\u{a0}demandes)"),
        (Language::En, 1, _) => "Your requests (1 request)".to_owned(),
        (Language::En, n, _) => format!("Your requests ({n} requests)"),
    }
}

/// The caption of the staff queue's table (`capped`: there are more than `total`).
pub fn queue_caption(lang: Language, total: u64, capped: bool) -> String {
    match (lang, total, capped) {
        (Language::Fr, n, true) => {
            format!("Plus de {n}\u{a0}demandes correspondent aux filtres")
        }
        (Language::En, n, true) => format!("More than {n} requests match the filters"),
        (Language::Fr, 1, _) => "1\u{a0}demande correspond aux filtres".to_owned(),
        (Language::Fr, n, _) => format!("{n}\u{a0}demandes correspondent aux filtres"),
        (Language::En, 1, _) => "1 request matches the filters".to_owned(),
        (Language::En, n, _) => format!("{n} requests match the filters"),
    }
}

/// An age as shown in the queue: short ("3 j", "5 h", "12 min") and spelled out for screen
/// readers ("3 jours").
pub fn age_text(seconds: i64, lang: Language) -> (String, String) {
    let s = seconds.max(0);
    let (n, unit) = if s >= 86_400 {
        (s / 86_400, 'd')
    } else if s >= 3_600 {
        (s / 3_600, 'h')
    } else {
        ((s / 60).max(1), 'm')
    };
    let plural = n > 1;
    let (short, long) = match (lang, unit) {
        (Language::Fr, 'd') => ("j", if plural { "jours" } else { "jour" }),
        (Language::En, 'd') => ("d", if plural { "days" } else { "day" }),
        (Language::Fr, 'h') => ("h", if plural { "heures" } else { "heure" }),
        (Language::En, 'h') => ("h", if plural { "hours" } else { "hour" }),
        (Language::Fr, _) => ("min", if plural { "minutes" } else { "minute" }),
        (Language::En, _) => ("min", if plural { "minutes" } else { "minute" }),
    };
    (format!("{n}\u{a0}{short}"), format!("{n} {long}"))
}

/// The size of a file, for people: "850 Ko", "2,4 Mo".
pub fn file_size(bytes: f64, lang: Language) -> String {
    let (value, unit) = if bytes >= 1024.0 * 1024.0 {
        (
            bytes / (1024.0 * 1024.0),
            if lang == Language::Fr { "Mo" } else { "MB" },
        )
    } else {
        (
            (bytes / 1024.0).max(1.0),
            if lang == Language::Fr { "Ko" } else { "KB" },
        )
    };
    let text = if value >= 10.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    let text = if lang == Language::Fr {
        text.replace('.', ",")
    } else {
        text
    };
    format!("{text}\u{a0}{unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_short_and_spelled_out() {
        assert_eq!(age_text(3 * 86_400 + 5, Language::Fr).0, "3\u{a0}j");
        assert_eq!(age_text(3 * 86_400 + 5, Language::Fr).1, "3 jours");
        assert_eq!(age_text(5 * 3_600, Language::En).1, "5 hours");
        assert_eq!(age_text(10, Language::Fr).0, "1\u{a0}min");
        assert_eq!(age_text(86_400, Language::En).1, "1 day");
    }
}

/// A request's status as a label, in the words the server's mails use too (`protocol::text`).
impl Text for RequestStatus {
    fn pair(self) -> (&'static str, &'static str) {
        (
            request_status_label(self, Language::Fr),
            request_status_label(self, Language::En),
        )
    }
}
