//! Evidence scores and certainty grades for briefing claims, with their breakdown.
