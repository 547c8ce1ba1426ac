//! Photo uploads: decoded and re-encoded so that nothing but pixels survives (EXIF, GPS
//! position, camera serial numbers, comments). The orientation recorded in EXIF is applied to
//! the pixels first, so a phone photo still shows the right way up.
//!
//! The format is detected from the bytes, never from the name or the declared type: a file
//! that claims to be an image and is not fails to decode and is refused.
//!
//! Memory is bounded at every step, because a file of a few hundred kilobytes can declare an
//! image of gigabytes: the pixel count is read from the header and refused above
//! [`PHOTO_MAX_PIXELS`] before anything is decoded (422 `image_too_large`); the decoder's own
//! allocations are capped at [`DECODE_BUDGET`]; the conversions that follow reuse the decoded
//! buffer where they can (`into_rgb8`); and at most one image per core is decoded at a time in
//! the whole process ([`sanitize_all`]), so concurrent uploads queue instead of adding up.

use std::io::Cursor;
use std::sync::{Arc, LazyLock};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use protocol::ErrorCode;
use protocol::requests::limits::{PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS, PHOTO_MAX_SIDE};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// The decoder's allocation cap: the largest accepted photo in RGBA 8-bit, with room for the
/// decoder's own buffers.
pub const DECODE_BUDGET: u64 = PHOTO_MAX_PIXELS * 4 + 16 * 1024 * 1024;

/// Decodes running at once in the process: one per core (decoding is CPU-bound anyway), so
/// the photo pipeline holds at most `cores × 2 × DECODE_BUDGET` whatever the number of uploads.
static DECODES: LazyLock<Arc<Semaphore>> = LazyLock::new(|| {
    Arc::new(Semaphore::new(
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
    ))
});

/// Sanitizes every upload of one request, each under a permit of the process-wide decode
/// limit, off the async threads. `field` names the uploads in errors.
pub async fn sanitize_all(
    uploads: Vec<Vec<u8>>,
    field: &'static str,
) -> Result<Vec<CleanPhoto>, ApiError> {
    let mut clean = Vec::with_capacity(uploads.len());
    for bytes in uploads {
        // The permit goes with the decode itself: a client that disconnects drops this
        // future, not the decode already running, which keeps its permit until it ends.
        let permit = Arc::clone(&DECODES)
            .acquire_owned()
            .await
            .map_err(|e| ApiError::Internal(e.into()))?;
        let photo = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            sanitize(&bytes, field)
        })
        .await
        .map_err(|e| ApiError::Internal(e.into()))??;
        clean.push(photo);
    }
    Ok(clean)
}

pub use crate::repo::requests::CleanPhoto;

fn invalid(field: &'static str) -> ApiError {
    ApiError::field(ErrorCode::InvalidImage, field)
}

/// A decoder's refusal: over a limit (a side, the memory budget) is `image_too_large`, the
/// rest `invalid_image`.
fn refused(e: &image::ImageError, field: &'static str) -> ApiError {
    match e {
        image::ImageError::Limits(_) => ApiError::field(ErrorCode::ImageTooLarge, field),
        _ => invalid(field),
    }
}

/// Decodes an upload and re-encodes it in its own format (JPEG quality 85, PNG, lossless WebP).
/// CPU-bound: call it from `spawn_blocking`. `field` names the upload in the error.
pub fn sanitize(bytes: &[u8], field: &'static str) -> Result<CleanPhoto, ApiError> {
    if bytes.len() > PHOTO_MAX_BYTES {
        return Err(ApiError::field(ErrorCode::PayloadTooLarge, field));
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| invalid(field))?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(invalid(field)),
    };
    let mut limits = Limits::default();
    limits.max_image_width = Some(PHOTO_MAX_SIDE);
    limits.max_image_height = Some(PHOTO_MAX_SIDE);
    limits.max_alloc = Some(DECODE_BUDGET);
    let mut reader = reader;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| refused(&e, field))?;
    // The header's word, before a single pixel is decoded.
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > PHOTO_MAX_PIXELS {
        return Err(ApiError::field(ErrorCode::ImageTooLarge, field));
    }
    if decoder.total_bytes() > DECODE_BUDGET {
        return Err(ApiError::field(ErrorCode::ImageTooLarge, field));
    }
    let orientation = decoder.orientation().map_err(|_| invalid(field))?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| refused(&e, field))?;
    img.apply_orientation(orientation);
    let (width, height) = (img.width(), img.height());
    let mut out = Cursor::new(Vec::new());
    let mime = match format {
        ImageFormat::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(img.into_rgb8());
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
            rgb.write_with_encoder(encoder)
                .map_err(|_| invalid(field))?;
            "image/jpeg"
        }
        ImageFormat::Png => {
            img.write_to(&mut out, ImageFormat::Png)
                .map_err(|_| invalid(field))?;
            "image/png"
        }
        _ => {
            // The WebP encoder takes 8-bit RGB(A) only.
            let img = if img.color().has_alpha() {
                DynamicImage::ImageRgba8(img.into_rgba8())
            } else {
                DynamicImage::ImageRgb8(img.into_rgb8())
            };
            img.write_to(&mut out, ImageFormat::WebP)
                .map_err(|_| invalid(field))?;
            "image/webp"
        }
    };
    Ok(CleanPhoto {
        mime,
        bytes: out.into_inner(),
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(format: ImageFormat) -> Vec<u8> {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(40, 30, |x, y| {
            image::Rgb([(x * 6) as u8, (y * 8) as u8, 128])
        }));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    /// A JPEG with an APP1 EXIF segment carrying a marker string, inserted after SOI.
    fn jpeg_with_exif() -> Vec<u8> {
        let jpeg = sample(ImageFormat::Jpeg);
        let payload = b"Exif\0\0GPS-SECRET-48.8566N-2.3522E";
        let len = (payload.len() + 2) as u16;
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(payload);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    #[test]
    fn each_format_round_trips_with_its_size() {
        for (format, mime) in [
            (ImageFormat::Jpeg, "image/jpeg"),
            (ImageFormat::Png, "image/png"),
            (ImageFormat::WebP, "image/webp"),
        ] {
            let clean = sanitize(&sample(format), "photo").unwrap();
            assert_eq!(clean.mime, mime);
            assert_eq!((clean.width, clean.height), (40, 30));
            let again = image::load_from_memory(&clean.bytes).unwrap();
            assert_eq!((again.width(), again.height()), (40, 30));
        }
    }

    #[test]
    fn too_many_pixels_or_too_long_a_side_is_image_too_large() {
        let code = |w: u32, h: u32| {
            let img = DynamicImage::ImageLuma8(image::GrayImage::new(w, h));
            let mut out = Cursor::new(Vec::new());
            img.write_to(&mut out, ImageFormat::Png).unwrap();
            match sanitize(&out.into_inner(), "photo") {
                Err(ApiError::Client { code, .. }) => Some(code),
                Ok(_) => None,
                Err(other) => panic!("{other:?}"),
            }
        };
        assert_eq!(code(8001, 2), Some(ErrorCode::ImageTooLarge));
        assert_eq!(code(2, 8001), Some(ErrorCode::ImageTooLarge));
        assert_eq!(code(8000, 2), None);
    }

    #[test]
    fn exif_metadata_is_stripped() {
        let with_exif = jpeg_with_exif();
        let needle = b"GPS-SECRET";
        assert!(with_exif.windows(needle.len()).any(|w| w == needle));
        let clean = sanitize(&with_exif, "photo").unwrap();
        assert!(!clean.bytes.windows(needle.len()).any(|w| w == needle));
        assert!(!clean.bytes.windows(4).any(|w| w == b"Exif"));
    }

    #[test]
    fn non_images_and_other_formats_are_refused() {
        let err = |bytes: &[u8]| match sanitize(bytes, "photo") {
            Err(ApiError::Client { code, .. }) => code,
            other => panic!("expected a client error, got {other:?}"),
        };
        assert_eq!(err(b"not an image at all"), ErrorCode::InvalidImage);
        // A JPEG header followed by garbage: claims to be an image, is not.
        let mut fake = vec![0xFF, 0xD8, 0xFF, 0xE0];
        fake.extend_from_slice(&[0x42; 500]);
        assert_eq!(err(&fake), ErrorCode::InvalidImage);
        assert_eq!(err(&sample(ImageFormat::Gif)), ErrorCode::InvalidImage);
        let too_big = vec![0u8; PHOTO_MAX_BYTES + 1];
        assert_eq!(err(&too_big), ErrorCode::PayloadTooLarge);
    }
}
