//! The demo town's census: a few people a visitor can verify as, so that the residency
//! journey works in the demo as in a real town (the census file goes through the same parser
//! as an administrator's import).

use crate::census;
use crate::db::Tx;
use crate::repo::residency;
use crate::repo::towns::Town;
use crate::time::now;

/// The file, as a town hall's export would give it.
const FILE: &str = "nom;prenom;date_naissance;reference;adresse;quartier
Dupont;Jeanne;14/03/1985;DEMO-0001;3 rue de la Mairie;Centre
Moreau;Louis;02/11/1962;DEMO-0002;12 avenue de la Gare;Gare
Nguyen;Thi Lan;27/06/1991;DEMO-0003;8 quai des Mariniers;Bords de Loire
Petit;Hugo;09/09/2001;DEMO-0004;21 rue des Écoles;Centre
Rossi;Giulia;30/01/1977;DEMO-0005;5 impasse du Moulin;Bords de Loire
Lefèvre;Marc;18/05/1958;DEMO-0006;40 boulevard de la Gare;Gare
";

/// Who a visitor can say they are, for the instructions printed at start-up.
pub const TRY_AS: &str = "Dupont, Jeanne, 14/03/1985 (or reference DEMO-0001)";

/// Installs the demo census in `town`.
pub async fn seed(tx: &mut Tx, town: &Town) -> anyhow::Result<()> {
    let rows = census::parse(FILE.as_bytes())
        .map_err(|problems| anyhow::anyhow!("the demo census is refused: {problems:?}"))?;
    residency::replace_census(tx, &town.id, None, "recensement-demo.csv", &rows, now()).await?;
    Ok(())
}
