/* legacy_tcvn3: TCVN3, the 8-bit encoding of TCVN 5712:1993 that the ABC keyboard
 * and the .VnTime fonts use, one byte per letter.
 *
 * TCVN 5712:1993 has three levels. VN1 encodes all 134 letters, putting the upper
 * case ones in 0x80-0x9F, in the gaps of 0xA0-0xFF and in twelve C0 control
 * positions. VN3, the level fonts and text files use, keeps only 0xA0-0xFF: the 67
 * lower-case letters and Ă Â Ê Ô Ơ Ư Đ (upper case with a tone was typed in the
 * .VnTimeH fonts, which draw the lower-case codes as capitals, so the case is lost
 * in the bytes; the analyzer folds case anyway). Here 0xA0-0xFF is read as the
 * standard defines it, which also gives the 16 upper-case letters VN1 puts in its
 * gaps (Ằ Ẳ Ẵ Ắ Ầ Ẩ Ẫ Ấ Ề Ể Ễ Ế Ồ Ổ Ỗ Ố), and 0xB0-0xB4 are the combining tone
 * marks. Below 0xA0 the bytes are read as Windows-1252, not as VN1: text saved on
 * Windows has its curly quotes and dashes there (0x93 is “, not Ỏ), and the C0
 * positions are control codes. So À Ả Ã Á Ạ Ặ Ậ È Ẻ Ẽ É Ẹ Ệ Ì Ỉ Ĩ Í Ị Ò Ỏ Õ Ó Ọ Ộ
 * Ờ Ở Ỡ Ớ Ợ Ù Ủ Ũ Ú Ụ Ừ Ử Ữ Ứ Ự Ỳ Ỷ Ỹ Ý Ỵ have no TCVN3 bytes here.
 */
#include "legacy_int.h"

#include <unicode/utf16.h>

static const UChar tcvn3_hi[96] = {
    /* 0xA0 */ 0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
    /* 0xA8 */ 0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
    /* 0xB0 */ 0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,
    /* 0xB8 */ 0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
    /* 0xC0 */ 0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
    /* 0xC8 */ 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
    /* 0xD0 */ 0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
    /* 0xD8 */ 0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
    /* 0xE0 */ 0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
    /* 0xE8 */ 0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
    /* 0xF0 */ 0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
    /* 0xF8 */ 0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
};

size_t lg_tcvn3_decode(const uint32_t *u, size_t n, size_t avail, UChar *out, int32_t *out_n)
{
    (void)avail;
    int32_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = u[i];
        if (c >= 0x100)
            U16_APPEND_UNSAFE(out, o, c);
        else
            out[o++] = c >= 0xA0 ? tcvn3_hi[c - 0xA0] : lg_cp1252((uint8_t)c);
    }
    *out_n = o;
    return n;
}
