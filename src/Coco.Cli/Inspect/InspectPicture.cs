using System.Xml.Linq;
using Coco.Cli.Tdmr;

namespace Coco.Cli.Inspect;

/// <summary>The SVG `coco inspect` drew, the TDMR layout drawn in it (if the map had RAM), a
/// one-line account of what is in it, and notes for the user (missing fields, a refused layout).</summary>
internal sealed record InspectPicture(XDocument Svg, TdmrLayout? Layout, string Summary, IReadOnlyList<string> Notes);
