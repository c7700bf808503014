// The unit table, one row a line: symbols|names|definition|flags, and
// "#group" lines opening each listing group. One string, split on first use,
// is about a third smaller in the bundle than the same rows as array literals.
//  - symbols: space-separated; the first is the canonical symbol. Symbols take
//    symbol prefixes (km, MeV); names take name prefixes (kilometer) and plurals.
//  - definition: an expression over earlier rows, parsed by the unit parser.
//  - flags: "p" SI prefixes, "b" SI + binary prefixes, "x=macro" siunitx macro
//    ("x" alone: the macro is the first long name),
//    "o=..." affine offset in SI units (absolute temperatures),
//    "log=base:factor" logarithmic unit whose definition is the reference.
// Values: SI 2019 exact constants; measured ones from CODATA 2022 (the edition
// pint 0.25 uses, with α derived from R∞ and m_e as pint does), exported as
// CODATA_EDITION. Order matters: rows may only refer to
// rows above them.

export type DefinitionRow = readonly [symbols: string, names: string, definition: string, flags?: string];

export const CODATA_EDITION = "CODATA 2022";

// Spellings after our own on a row are pint's (0.25) names for the same unit,
// checked against the real pint by test/interop/pint-names.test.ts.
export const DEFINITIONS = `#SI base
m|meter metre|@length|p x=metre
g|gram gramme|@mass|p x
s sec|second|@time|p x
A|ampere amp|@current|p x
K °K|kelvin degK degree_Kelvin degreeK|@temperature|p x
mol|mole|@amount|p x
cd|candela candle|@luminosity|p x
#SI derived
rad|radian|1|p x
sr|steradian|rad^2|p x
Hz|hertz|1/s|p x
N|newton|kg*m/s^2|p x
Pa|pascal|N/m^2|p x
J|joule|N*m|p x
W|watt|J/s|p x
C|coulomb|A*s|p x
V|volt|W/A|p x
F|farad|C/V|p x
Ω Ω ohm Ohm|ohm|V/A|p x
S mho|siemens|1/Ω|p x
Wb|weber|V*s|p x
T|tesla|Wb/m^2|p x
H|henry|Wb/A|p x
lm|lumen|cd*sr|p x
lx|lux|lm/m^2|p x
Bq|becquerel|1/s|p x
Gy|gray|J/kg|p x
Sv|sievert|J/kg|p x
kat|katal|mol/s|p x
#SI accepted
L l ℓ|liter litre|dm^3|p x=litre
t|tonne metric_ton|1000 kg|p x
Da u amu|dalton unified_atomic_mass_unit atomic_mass_constant m_u|1.66053906892e-27 kg|p x
ha|hectare|1e4 m^2|x
are|are|100 m^2
bar|bar|1e5 Pa|p x
Å Å angstrom|angstrom ångström|1e-10 m|x
au AU ua|astronomical_unit|149597870700 m|x=astronomicalunit
Np|neper|1|log=e:0.5 x
dB|decibel|1|log=10:10 x
#time
min|minute|60 s|x
h hr|hour|60 min|x
d|day|24 h|x
wk|week|7 d
fortnight|fortnight|14 d
yr a|year julian_year|365.25 d|p
month|month|yr/12
century|century centuries|100 yr
millennium|millennium millennia|1000 yr
gregorian_year|gregorian_year|365.2425 d
shake|shake|1e-8 s
svedberg|svedberg|1e-13 s
#angle
π pi|pi|@pi
° deg arcdeg|degree arcdegree angular_degree|π/180*rad|x
′ arcmin|arcminute arc_minute angular_minute|deg/60|x
″ arcsec|arcsecond arc_second angular_second|arcmin/60|x
mas|milliarcsecond|arcsec/1000
grad gon|gradian grade|π/200*rad
turn rev cycle|turn revolution circle|2*π*rad
rpm|revolutions_per_minute|rev/min
rps|revolutions_per_second|rev/s
#dimensionless
%|percent|0.01|x
‰|permille|0.001
ppm|parts_per_million|1e-6
ppb|parts_per_billion|1e-9
dozen|dozen|12
gross|gross|144
#information
bit|bit|1|b x
B|byte octet|8 bit|b x
nibble|nibble|4 bit
Bd|baud|bit/s|p
bps|bit_per_second|bit/s
#temperature
°C degC ℃ celsius|degree_Celsius|K|o=273.15 x=degreeCelsius
°F degF ℉ fahrenheit|degree_Fahrenheit|5/9*K|o=45967/180
°R degR rankine|degree_Rankine degreeR|5/9*K
Δ°C delta_degC ΔdegC Δcelsius ΔdegreeC|delta_degree_Celsius delta_celsius delta_degreeC|K
Δ°F delta_degF ΔdegF Δfahrenheit ΔdegreeF|delta_degree_Fahrenheit delta_fahrenheit delta_degreeF|5/9*K
#constants
c c_0|speed_of_light|299792458 m/s
ℎ h_planck|planck_constant|6.62607015e-34 J*s
ħ ℏ hbar|reduced_planck_constant dirac_constant atomic_unit_of_action a_u_action|ℎ/(2*π)
e|elementary_charge atomic_unit_of_charge|1.602176634e-19 C
k_B k|boltzmann_constant|1.380649e-23 J/K
N_A|avogadro_constant|6.02214076e23/mol
G_N|newtonian_constant_of_gravitation gravitational_constant|6.67430e-11 m^3/(kg*s^2)
R_inf R_∞|rydberg_constant|10973731.568157/m
m_e|electron_mass atomic_unit_of_mass a_u_mass|9.1093837139e-31 kg
α alpha|fine_structure_constant|(2*ℎ*R_inf/(m_e*c))^(1/2)
ε_0 ε0 eps0|vacuum_permittivity electric_constant epsilon_0 eps_0|e^2/(2*α*ℎ*c)
µ_0 μ_0 mu0|vacuum_permeability magnetic_constant mu_0|2*α*ℎ/(e^2*c)
Z_0|impedance_of_free_space characteristic_impedance_of_vacuum|µ_0*c
k_C|coulomb_constant|1/(4*π*ε_0)
m_p|proton_mass|1.67262192595e-27 kg
m_n|neutron_mass|1.67492750056e-27 kg
g_0 g_n g0|standard_gravity standard_acceleration_of_gravity gravity|9.80665 m/s^2
R_gas R|molar_gas_constant|k_B*N_A
F_const|faraday_constant|e*N_A
σ_SB σ|stefan_boltzmann_constant sigma|2*π^5*k_B^4/(15*ℎ^3*c^2)
µ_B μ_B|bohr_magneton mu_B|e*ħ/(2*m_e)
µ_N μ_N|nuclear_magneton mu_N|e*ħ/(2*m_p)
#CGS
erg|erg|1e-7 J|p
dyn|dyne|1e-5 N|p
Ba|barye barad barie barrie baryd|0.1 Pa
P|poise|0.1 Pa*s|p
St|stokes|1e-4 m^2/s|p
Gal|galileo|0.01 m/s^2|p
kayser|kayser reciprocal_centimeter cm_1|1/cm
rhe|rhe|1/P
ph|phot|1e4 lx
sb|stilb|1e4 cd/m^2
cc|cubic_centimeter|cm^3
lambert|lambert|1e4/π*cd/m^2
#Gaussian electromagnetic
statC Fr esu|statcoulomb franklin|g^(1/2)*cm^(3/2)/s
statA|statampere|statC/s
statV|statvolt|erg/statC
statΩ statohm|statohm|statV/statA
statF|statfarad|statC/statV
statH|stathenry|statV*s/statA
statmho|statmho|statA/statV
G|gauss|dyn/statC|p
Mx|maxwell|G*cm^2|p
Oe|oersted ørsted|dyn/Mx|p
γ|gamma|1e-5 G
#EMU and other electromagnetic
abA Bi|abampere biot biot_turn|10 A
abC|abcoulomb|10 C
abV|abvolt|1e-8 V
abΩ abohm|abohm|1e-9 Ω
abF|abfarad|1e9 F
abH|abhenry|1e-9 H
At|ampere_turn|A
gilbert|gilbert|10/(4*π)*At
D|debye|1e-11/299792458*C*Å
Ah|ampere_hour|A*h|p
VA|volt_ampere|V*A|p
Wh|watt_hour watthour|W*h|p
#particle physics
eV|electronvolt electron_volt|1.602176634e-19 J|p x
fermi|fermi|1e-15 m
b|barn|1e-28 m^2|p x
Ci|curie|3.7e10 Bq|p
Rd|rutherford|1e6 Bq
roentgen röntgen|roentgen|2.58e-4 C/kg
rem|rem|0.01 Sv|p
Jy|jansky|1e-26 W/(m^2*Hz)|p
#atomic
a_0 a0 bohr|bohr bohr_radius atomic_unit_of_length a_u_length|ħ/(α*m_e*c)|x
E_h Eh Ha|hartree hartree_energy atomic_unit_of_energy a_u_energy|2*R_inf*ℎ*c|x
Ry|rydberg|ℎ*c*R_inf
t_au a_u_time|atomic_unit_of_time|ħ/E_h
a_u_current|atomic_unit_of_current|e/t_au
a_u_temp|atomic_unit_of_temperature|E_h/k_B
a_u_force|atomic_unit_of_force|E_h/a_0
a_u_efield|atomic_unit_of_electric_field a_u_electric_field|E_h/(e*a_0)
a_u_velocity|atomic_unit_of_velocity|a_0*E_h/ħ
#Planck
l_P|planck_length|(ħ*G_N/c^3)^(1/2)
m_P|planck_mass|(ħ*c/G_N)^(1/2)
t_P|planck_time|l_P/c
T_P|planck_temperature|m_P*c^2/k_B
q_P|planck_charge|(4*π*ε_0*ħ*c)^(1/2)
I_P|planck_current|q_P/t_P
E_P|planck_energy|m_P*c^2
F_P|planck_force|c^4/G_N
P_P|planck_power|c^5/G_N
#astronomy
ly|light_year lightyear|c*yr|p
pc|parsec|648000/π*au|p
M_sun|solar_mass|1.98847e30 kg
ls|light_second|c*s
L_sun|solar_luminosity|3.828e26 W
R_sun|solar_radius|6.957e8 m
M_earth|earth_mass|5.9722e24 kg
R_earth|earth_radius|6.3781e6 m
#imperial and US
in|inch inches international_inch international_inches|2.54 cm
ft|foot feet international_foot international_feet|12 in
yd|yard international_yard|3 ft
mi|mile international_mile|5280 ft
nmi NM|nautical_mile|1852 m
mil thou th|thou mil_length|in/1000
hand|hand|4 in
fathom|fathom|6 ft
rod|rod|16.5 ft
chain|chain|66 ft
fur|furlong|660 ft
league|league|3 mi
cable|cable_length|nmi/10
survey_ft sft|survey_foot|1200/3937*m
survey_mi smi|survey_mile us_statute_mile|5280 survey_ft
cmil|circular_mil|π/4*mil^2
darcy|darcy|cP*cm^2/(s*101325*Pa)
stere|stere|m^3
acre_ft|acre_foot|4046.8564224 m^2*ft
cord|cord|128 ft^3
FBM BF|board_foot board_feet BDFT super_foot superficial_foot super_feet superficial_feet|ft^2*in
pica|pica printers_pica|in/6
point pp bp|point printers_point big_point|pica/12
lb lbm|pound avoirdupois_pound avdp_pound|0.45359237 kg
oz|ounce avoirdupois_ounce avdp_ounce|lb/16
dr|dram avoirdupois_dram avdp_dram|oz/16
gr|grain|lb/7000
stone|stone|14 lb
cwt|hundredweight US_hundredweight US_cwt short_hundredweight|100 lb
ton|short_ton US_ton|2000 lb
long_ton|long_ton UK_ton|2240 lb
ozt toz|troy_ounce apothecary_ounce ap_oz|480 gr
dwt|pennyweight|24 gr
scruple|scruple|20 gr
lbt tlb|troy_pound apothecary_pound ap_lb|12 ozt
ct|carat|0.2 g
q_metric|quintal|100 kg
lbf|pound_force force_pound|lb*g_0
kgf kp|kilogram_force force_kilogram|kg*g_0
gf|gram_force force_gram pond|g*g_0
kip|kip|1000 lbf
pdl|poundal|lb*ft/s^2
slug|slug|lbf*s^2/ft
psi|pound_force_per_square_inch|lbf/in^2
ksi|kip_per_square_inch|1000 psi
gal|gallon us_gallon liquid_gallon US_liquid_gallon|231 in^3
qt|quart liquid_quart US_liquid_quart|gal/4
pt|pint liquid_pint US_pint|qt/2
cup cp|cup liquid_cup US_liquid_cup|pt/2
gill gi|gill liquid_gill US_liquid_gill|pt/4
floz fl_oz|fluid_ounce US_fluid_ounce US_liquid_ounce|gal/128
tbsp|tablespoon|fl_oz/2
tsp|teaspoon|tbsp/3
bbl|barrel oil_barrel oil_bbl|42 gal
bu|bushel|2150.42 in^3
pk|peck|bu/4
imp_gal|imperial_gallon imperial_gal UK_gallon|4.54609 L
imp_pt|imperial_pint imperial_pt UK_pint|imp_gal/8
imp_qt|imperial_quart imperial_qt UK_quart|imp_gal/4
imp_floz|imperial_fluid_ounce imperial_floz UK_fluid_ounce|imp_gal/160
ac acre|acre|4046.8564224 m^2
mph MPH|mile_per_hour|mi/h
kph KPH|kilometer_per_hour|km/h
kn|knot knot_international international_knot|nmi/h
fps|foot_per_second|ft/s
Btu BTU|british_thermal_unit international_british_thermal_unit Btu_it|1055.05585262 J
cal|calorie thermochemical_calorie cal_th|4.184 J|p
cal_IT|international_calorie cal_it international_steam_table_calorie|4.1868 J
tTNT|ton_TNT|4.184e9 J
quad|quad|1e15 Btu
foe|foe|1e44 J
thm|therm|1e5 Btu
TR|ton_of_refrigeration|12000 Btu/h
hp|horsepower UK_horsepower hydraulic_horsepower|550 ft*lbf/s
PS|metric_horsepower|75 kgf*m/s
hp_e|electrical_horsepower|746 W
atm|atmosphere standard_atmosphere|101325 Pa
at|technical_atmosphere|kgf/cm^2
Torr|torr|atm/760|p
mmHg|millimeter_Hg|133.322387415 Pa
inHg|inch_Hg in_Hg inchesHg inches_Hg inch_Hg_0C inHg_0C in_Hg_0C inchesHg_0C inches_Hg_0C inch_Hg_32F inHg_32F in_Hg_32F inchesHg_32F inches_Hg_32F|25.4*mmHg
mmH2O|millimeter_water|mm*g/cm^3*g_0
cmH2O|centimeter_water|cm*g/cm^3*g_0
inH2O|inch_water inch_H2O in_H2O inchesH2O inches_H2O|in*g/cm^3*g_0
pz|pieze|1000 Pa
reyn|reyn|psi*s
fc|footcandle|lm/ft^2
nit|nit|cd/m^2
micron µ μ|micron|1e-6 m
M|molar|mol/L|p
#logarithmic
dBm|decibel_milliwatt|mW|log=10:10
dBW|decibel_watt|W|log=10:10
dBV|decibel_volt|V|log=10:20
mag|magnitude|1|log=10:-2.5`;
