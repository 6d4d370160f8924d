/**
 * Name and address parts for training residents: common Japanese family and given names, a few
 * names as foreign residents' cards carry them, and towns in areas that have run evacuation
 * shelters. Block and house numbers are made up; no resident is a real person.
 */

export const FAMILY_NAMES = [
  '佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤',
  '吉田', '山田', '佐々木', '山口', '松本', '井上', '木村', '林', '斎藤', '清水',
  '山崎', '森', '池田', '橋本', '阿部', '石川', '山下', '中島', '石井', '小川',
  '前田', '岡田', '長谷川', '藤田', '後藤', '近藤', '村上', '遠藤', '青木', '坂本',
] as const;

export const GIVEN_NAMES = {
  male: ['翔太', '大輔', '健一', '誠', '浩', '隆', '拓也', '直樹', '和夫', '茂', '勇', '悠真', '蓮', '湊', '陽翔', '健太', '修', '清', '昭', '博'],
  female: ['陽子', '恵子', '美香', '由美', '裕子', '幸子', '和子', '花子', '結衣', '陽菜', '葵', '凛', '芽依', '真由美', '久美子', '千尋', '愛', '智子', '京子', '節子'],
} as const;

/** Names as foreign residents' cards print them (family name first, as registered). */
export const FOREIGN_NAMES = [
  { family: 'NGUYEN', given: 'VAN AN', sex: 'male' },
  { family: 'SILVA', given: 'MARIA', sex: 'female' },
  { family: 'SANTOS', given: 'JOSE', sex: 'male' },
  { family: 'WANG', given: 'FANG', sex: 'female' },
] as const;

/** Prefecture + municipality, and town names (丁目 ranges) in it. */
export const TOWNS: readonly { municipality: string; towns: readonly string[] }[] = [
  { municipality: '宮城県石巻市', towns: ['中央', '門脇町', '湊町', '大街道南'] },
  { municipality: '宮城県仙台市若林区', towns: ['荒井', '六丁の目中町', '沖野'] },
  { municipality: '岩手県陸前高田市', towns: ['高田町', '気仙町', '米崎町'] },
  { municipality: '福島県いわき市', towns: ['平', '小名浜', '勿来町'] },
  { municipality: '石川県輪島市', towns: ['河井町', '鳳至町', '門前町'] },
  { municipality: '石川県珠洲市', towns: ['飯田町', '正院町', '宝立町'] },
  { municipality: '熊本県熊本市東区', towns: ['健軍', '東町', '尾ノ上'] },
  { municipality: '熊本県上益城郡益城町', towns: ['宮園', '木山', '安永'] },
  { municipality: '広島県広島市安佐南区', towns: ['八木', '緑井', '山本'] },
  { municipality: '岡山県倉敷市', towns: ['真備町箭田', '真備町有井', '玉島'] },
  { municipality: '兵庫県神戸市長田区', towns: ['若松町', '御蔵通', '菅原通'] },
  { municipality: '静岡県静岡市清水区', towns: ['江尻町', '入江', '巴町'] },
  { municipality: '高知県高知市', towns: ['はりまや町', '潮新町', '桟橋通'] },
  { municipality: '東京都江東区', towns: ['東雲', '豊洲', '南砂'] },
] as const;

export const BUILDINGS = ['コーポ若葉', 'ハイツ海風', 'グリーンヒル', 'メゾン桜', 'サンライズ'] as const;

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';

/** Digits as the card writes addresses: full-width. */
export function fullWidthDigits(n: number): string {
  return String(n).replace(/\d/g, (d) => FULL_WIDTH_DIGITS[Number(d)] ?? d);
}
